import { getAddress, type Address } from "viem";
import { MAX_NICKNAME_LENGTH } from "../constants.ts";
import { localAppState, nicknameAlias, nicknameSource } from "./localAppState.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { AppStatePushResult, AppStateStatus, AppStateSync } from "./AppStateSync.ts";
import type { ContactBook } from "./ContactBook.ts";

/**
 * The account's own settings that follow it across its devices (app-state sync): nicknames, mutes, and, through the
 * client's `block`/`unblock`/`markRead`, blocks and read markers. Changes apply here at once; `push` carries every
 * change not yet synced to the other devices in ONE transaction, and every `sync` applies theirs.
 */
export type AppStateApi = {
  /**
   * Names an account (an empty name forgets it). Private: it reaches only our own devices, encrypted.
   *
   * @example
   * await client.appState.setNickname(peer, "Alice");
   * await client.appState.push(); // one transaction; the other devices have it after their next sync
   */
  setNickname(account: Address, nickname: string): Promise<void>;
  /** Checksummed address -> the name given to it. */
  nicknames(): Promise<Record<Address, string>>;
  /** A muted account's messages still arrive but emit no `notification` event. */
  mute(account: Address): Promise<void>;
  unmute(account: Address): Promise<void>;
  muted(): Promise<Address[]>;
  /** Reads what the other devices pushed (the client's `sync` does this too), then sends our unsynced changes. */
  push(): Promise<AppStatePushResult | null>;
  status(): Promise<AppStateStatus>;
};

/** Writes a nickname (for `client.appState` and `useNicknames`): a new alias entry, newer than every earlier one for the account. */
export async function writeNickname(store: HushlogStore, account: Address, nickname: string, nowMs: number): Promise<void> {
  const address = getAddress(account);
  const name = [...nickname.trim()].slice(0, MAX_NICKNAME_LENGTH).join("");
  const newest = Math.max(
    0,
    ...(await store.getAllAliasMappings()).filter((e) => e.source === nicknameSource && e.address.toLowerCase() === address.toLowerCase()).map((e) => e.updatedAt),
  );
  const now = Math.max(Math.floor(nowMs / 1000), newest + 1);
  await store.putAliasMapping({ alias: nicknameAlias(address, name), address, createdAt: now, updatedAt: now, source: nicknameSource });
}

export async function readNicknames(store: HushlogStore): Promise<Record<Address, string>> {
  const names: Record<Address, string> = {};
  const decoder = new TextDecoder();
  for (const e of localAppState([], await store.getAllAliasMappings())) if (e.present) names[e.account] = decoder.decode(e.value);
  return names;
}

/** The client's `appState`: `sync` is the client's own (it throws once the client is closed). */
export function createAppStateApi(parts: { store: HushlogStore; contacts: ContactBook; appSync: AppStateSync; now: () => number; sync: () => Promise<unknown> }): AppStateApi {
  const { store, contacts, appSync, now } = parts;
  return {
    setNickname: (account, nickname) => writeNickname(store, account, nickname, now()),
    nicknames: () => readNicknames(store),
    mute: (account) => contacts.setMuted(account, true),
    unmute: (account) => contacts.setMuted(account, false),
    muted: () => contacts.mutedList(),
    async push() {
      await parts.sync();
      return appSync.push();
    },
    status: () => appSync.status(),
  };
}
