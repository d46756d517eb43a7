import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { AppStatePushResult, AppStateStatus } from "../client/AppStateSync.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseAppStateSyncReturnType = UseQueryResult<AppStateStatus, Error> & {
  /**
   * Sends every local change not yet synced (nicknames, blocks, mutes, read markers) to the account's other devices
   * in ONE transaction (from this browser's sending key when it has funds, else a wallet prompt). Null when there was
   * nothing to send or the previous push is not on chain yet.
   */
  push: UseMutationResult<AppStatePushResult | null, Error, void>;
};

/**
 * Where this device's settings stand against the account's other devices (docs/protocol.md, "App-state sync"):
 * `pendingChanges` not yet pushed, whether the device list changed since the sync key was shared (`rotationDue`:
 * the next push shares a new key), and `push`. Changes made on another device arrive with every sync by themselves
 * (the `appState` event refreshes names, blocks, mutes and read state).
 *
 * @example
 * const { data: settings, push } = useAppStateSync();
 * if (settings?.pendingChanges) push.mutate();
 */
export function useAppStateSync(parameters: QueryParameter<AppStateStatus> = {}): UseAppStateSyncReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const status = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.appState(scope),
    queryFn: () => controller.requireClient(scope).appState.status(),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const push = useMutation({
    mutationKey: ["hushlog", "pushAppState"],
    mutationFn: () => controller.requireClient(scope).appState.push(),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.appState(scope) }),
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) }),
      ]),
  });
  return { ...status, push } as UseAppStateSyncReturnType;
}
