import { useQuery, useQueryClient, type DefinedUseQueryResult } from "@tanstack/react-query";
import { useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import { initialSyncStatus, type HushlogSyncStatus } from "./syncStatus.ts";

export type UseSyncStatusReturnType = DefinedUseQueryResult<HushlogSyncStatus, Error>;

/**
 * How far the client has read the chain: `data.status` ("idle", "syncing", "synced", "error"), `data.progress`
 * (0 to 1 over the current pass, e.g. a first backfill), the block range and the last error. Pushed by the
 * client's sync events, never fetched.
 */
export function useSyncStatus(): UseSyncStatusReturnType {
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const queryKey = hushlogQueryKeys.sync(scope);
  return useQuery({
    queryKey,
    queryFn: () => queryClient.getQueryData<HushlogSyncStatus>(queryKey) ?? initialSyncStatus,
    initialData: initialSyncStatus,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
}
