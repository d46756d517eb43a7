import { getAddress, type Address } from "viem";
import type { ContactRecord } from "../store/ContactStore.ts";
import type { AliasMappingEntry } from "../store/ProtocolStore.ts";
import { encodeReadMarker, type AppStateKind, type AppStateMutation } from "../wire/AppStateMutation.ts";

/**
 * The synced values as this device holds them, read from where the client keeps them: nicknames in the alias mapping
 * (source "nickname", newest entry per address, as the React hook writes them), blocks, mutes and read markers in the
 * contact records. `present: false` is a removal the user made (an unblock, an emptied nickname) with its time.
 */
export type LocalAppStateEntry = Omit<AppStateMutation, "op"> & { present: boolean };

export const nicknameSource = "nickname";
const empty = new Uint8Array(0);
const utf8 = new TextEncoder();
const seconds = (ms: number) => Math.floor(ms / 1000);

/** `nickname:<lowercase address>:<name>`, the alias writeNickname writes (one entry per name given). */
export function nicknameAlias(account: Address, name: string): string {
  return `${nicknameSource}:${account.toLowerCase()}:${name}`;
}

/**
 * @example
 * const entries = localAppState(await store.contacts.list(), await store.getAllAliasMappings());
 */
export function localAppState(contacts: readonly ContactRecord[], aliases: readonly AliasMappingEntry[]): LocalAppStateEntry[] {
  const entries: LocalAppStateEntry[] = [];
  for (const c of contacts) {
    const account = getAddress(c.account);
    if (c.blocked || c.updatedAt > 0) entries.push({ kind: "block", account, present: c.blocked, timestamp: seconds(c.updatedAt), value: empty });
    if (c.mutedAt !== undefined) entries.push({ kind: "mute", account, present: c.muted === true, timestamp: seconds(c.mutedAt), value: empty });
    if (c.readThrough) {
      const { block, logIndex, at } = c.readThrough;
      entries.push({ kind: "read", account, present: true, timestamp: seconds(at), value: encodeReadMarker(block, logIndex) });
    }
  }
  const newest = new Map<string, AliasMappingEntry>();
  for (const entry of aliases) {
    if (entry.source !== nicknameSource) continue;
    const key = entry.address.toLowerCase();
    const seen = newest.get(key);
    if (!seen || entry.updatedAt >= seen.updatedAt) newest.set(key, entry);
  }
  for (const [key, entry] of newest) {
    const name = entry.alias.slice(`${nicknameSource}:${key}:`.length);
    entries.push({ kind: "nickname", account: getAddress(key), present: name !== "", timestamp: entry.updatedAt, value: name === "" ? empty : utf8.encode(name) });
  }
  return entries;
}

export const entryKey = (e: { kind: AppStateKind; account: string }) => `${e.kind}:${e.account.toLowerCase()}`;

/**
 * Whether a received value replaces ours: the newer change wins (timestamp, then set over remove, then the greater
 * value bytes, so two devices that changed one index in the same second still agree); a read marker only moves forward
 * (position, then time). Same answer on every device, whatever order they see the patches in.
 */
export function remoteWins(remote: AppStateMutation, local: LocalAppStateEntry | undefined): boolean {
  if (!local) return true;
  const remoteKey = remote.kind === "read" ? [remote.value, remote.timestamp] : [remote.timestamp, remote.op === "set" ? 1 : 0, remote.value];
  const localKey = local.kind === "read" ? [local.value, local.timestamp] : [local.timestamp, local.present ? 1 : 0, local.value];
  return compareKeys(remoteKey, localKey) > 0;
}

function compareKeys(a: readonly (number | Uint8Array)[], b: readonly (number | Uint8Array)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = typeof x === "number" ? x - (y as number) : compareBytes(x, y as Uint8Array);
    if (c !== 0) return c;
  }
  return 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
