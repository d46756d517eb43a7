import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Address } from "viem";
import { readNicknames, writeNickname } from "../client/AppStateApi.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

/** Checksummed address -> the name the user gave it. */
export type Nicknames = Record<Address, string>;

export type UseNicknamesReturnType = UseQueryResult<Nicknames, Error> & {
  /** Names `account` (an empty name forgets it). Kept in the encrypted store, never published. */
  setNickname: UseMutationResult<void, Error, { account: Address; nickname: string }>;
};

/**
 * The names the user gave contacts, kept in the account's encrypted store (its alias mapping, source "nickname"):
 * each rename is a new entry `nickname:<address>:<name>` and the newest per address wins, so no name is ever
 * overwritten in place and a store synced between devices merges by time.
 *
 * @example
 * const { data: names, setNickname } = useNicknames();
 * setNickname.mutate({ account: peer, nickname: "Alice" });
 * const shown = names?.[getAddress(peer)] ?? shortAddress(peer);
 */
export function useNicknames(parameters: QueryParameter<Nicknames> = {}): UseNicknamesReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const queryKey = hushlogQueryKeys.nicknames(scope);
  const nicknames = useQuery({
    ...parameters.query,
    queryKey,
    queryFn: () => readNicknames(controller.requireStore(scope)),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const setNickname = useMutation({
    mutationKey: ["hushlog", "setNickname"],
    // The client's own writer (`client.appState.setNickname`), so app-state sync reads what the hook wrote.
    mutationFn: ({ account, nickname }: { account: Address; nickname: string }) => writeNickname(controller.requireStore(scope), account, nickname, Date.now()),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey }), queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.appState(scope) })]),
  });
  return { ...nicknames, setNickname } as UseNicknamesReturnType;
}
