import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import { getAddress, type Address } from "viem";
import { MAX_NICKNAME_LENGTH } from "../constants.ts";
import type { AliasMappingEntry } from "../store/ProtocolStore.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

/** The alias-mapping source of the names the user gives contacts. */
export const nicknameSource = "nickname";

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
    queryFn: async () => newestNicknames(await controller.requireStore(scope).getAllAliasMappings()),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const setNickname = useMutation({
    mutationKey: ["hushlog", "setNickname"],
    mutationFn: async ({ account, nickname }: { account: Address; nickname: string }) => {
      const store = controller.requireStore(scope);
      const address = getAddress(account);
      const name = [...nickname.trim()].slice(0, MAX_NICKNAME_LENGTH).join("");
      // Seconds, as the alias mapping keeps them: a second rename within the same second must still be the newest.
      const newest = Math.max(0, ...(await store.getAllAliasMappings()).filter((e) => e.source === nicknameSource && e.address.toLowerCase() === address.toLowerCase()).map((e) => e.updatedAt));
      const now = Math.max(Math.floor(Date.now() / 1000), newest + 1);
      await store.putAliasMapping({ alias: nicknameAlias(address, name), address, createdAt: now, updatedAt: now, source: nicknameSource });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  return { ...nicknames, setNickname } as UseNicknamesReturnType;
}

const nicknameAlias = (address: Address, name: string) => `${nicknameSource}:${address.toLowerCase()}:${name}`;

/** The newest nickname entry per address (ties: the later in the list); an empty name means none. */
export function newestNicknames(entries: readonly AliasMappingEntry[]): Nicknames {
  const newest = new Map<string, AliasMappingEntry>();
  for (const entry of entries) {
    if (entry.source !== nicknameSource) continue;
    const key = entry.address.toLowerCase();
    const seen = newest.get(key);
    if (!seen || entry.updatedAt >= seen.updatedAt) newest.set(key, entry);
  }
  const names: Nicknames = {};
  for (const entry of newest.values()) {
    const name = entry.alias.slice(nicknameAlias(getAddress(entry.address), "").length);
    if (name) names[getAddress(entry.address)] = name;
  }
  return names;
}
