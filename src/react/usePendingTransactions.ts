import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { PendingView } from "../client/HushlogClient.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UsePendingTransactionsReturnType = UseQueryResult<PendingView[], Error> & {
  /** Re-broadcasts the exact bytes of a failed, reverted, dropped or replaced transaction. */
  retry: UseMutationResult<void, Error, { pendingId: string }>;
};

/**
 * The account's transactions not yet confirmed (messages, handshakes, responses) with their status; a confirmed
 * one leaves the list. Live.
 */
export function usePendingTransactions(parameters: QueryParameter<PendingView[]> = {}): UsePendingTransactionsReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const pending = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.pending(scope),
    queryFn: () => controller.requireClient(scope).pendingTransactions(),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const retry = useMutation({
    mutationKey: ["hushlog", "retry"],
    mutationFn: ({ pendingId }: { pendingId: string }) => controller.requireClient().retry(pendingId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) }),
  });
  return { ...pending, retry } as UsePendingTransactionsReturnType;
}
