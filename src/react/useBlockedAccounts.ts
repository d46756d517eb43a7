import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Address } from "viem";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseBlockedAccountsReturnType = UseQueryResult<Address[], Error> & {
  /** Blocks an account: its pending requests are declined, and its logs are dropped before any cryptography. */
  block: UseMutationResult<void, Error, { account: Address }>;
  unblock: UseMutationResult<void, Error, { account: Address }>;
};

/**
 * The accounts this account blocked, with `block` and `unblock`. Local: nothing is posted and the blocked account is
 * not told.
 *
 * @example
 * const { block } = useBlockedAccounts();
 * block.mutate({ account: request.from });
 */
export function useBlockedAccounts(parameters: QueryParameter<Address[]> = {}): UseBlockedAccountsReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const blocked = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.blocked(scope),
    queryFn: () => controller.requireClient(scope).blocked(),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.blocked(scope) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.requests(scope).slice(0, -1) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.conversations(scope) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.appState(scope) }),
    ]);
  const block = useMutation({
    mutationKey: ["hushlog", "block"],
    mutationFn: ({ account }: { account: Address }) => controller.requireClient(scope).block(account),
    onSettled: refresh,
  });
  const unblock = useMutation({
    mutationKey: ["hushlog", "unblock"],
    mutationFn: ({ account }: { account: Address }) => controller.requireClient(scope).unblock(account),
    onSettled: refresh,
  });
  return { ...blocked, block, unblock } as UseBlockedAccountsReturnType;
}
