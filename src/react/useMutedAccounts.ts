import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Address } from "viem";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseMutedAccountsReturnType = UseQueryResult<Address[], Error> & {
  /** Mutes (`muted: true`) or unmutes an account. Its messages still arrive; only the notification is skipped. */
  setMuted: UseMutationResult<void, Error, { account: Address; muted: boolean }>;
};

/**
 * The accounts this account muted, with `setMuted`. Muting is private (nothing is posted, the peer is not told) and
 * follows the account to its other devices with app-state sync (`useAppStateSync`). The client emits no
 * `notification` event for a muted sender; an app that notifies from unread counts skips these accounts.
 *
 * @example
 * const { data: muted, setMuted } = useMutedAccounts();
 * const isMuted = muted?.includes(getAddress(peer)) ?? false;
 * setMuted.mutate({ account: peer, muted: !isMuted });
 */
export function useMutedAccounts(parameters: QueryParameter<Address[]> = {}): UseMutedAccountsReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const muted = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.muted(scope),
    queryFn: () => controller.requireClient(scope).appState.muted(),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const setMuted = useMutation({
    mutationKey: ["hushlog", "setMuted"],
    mutationFn: ({ account, muted }: { account: Address; muted: boolean }) => {
      const { appState } = controller.requireClient(scope);
      return muted ? appState.mute(account) : appState.unmute(account);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.muted(scope) }),
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.appState(scope) }),
      ]),
  });
  return { ...muted, setMuted } as UseMutedAccountsReturnType;
}
