import { bytesToHex, hexToBytes, type Hex } from "viem";
import { APPSYNC_SNAPSHOT_MAC_BYTES } from "../constants.ts";
import { hmacSha256 } from "../crypto/kdf.ts";
import { AppStatePatchRejectedError } from "../errors/appSyncErrors.ts";
import type { AppSyncKeys } from "./appSyncKeys.ts";
import { appStateKindByte, type AppStateMutation } from "../wire/AppStateMutation.ts";
import { ltHashUpdate } from "./ltHash.ts";

/** The index bytes of a mutation: its kind byte and account (21 bytes). */
export function mutationIndex(m: Pick<AppStateMutation, "kind" | "account">): Uint8Array {
  const index = new Uint8Array(21);
  index[0] = appStateKindByte[m.kind];
  index.set(hexToBytes(m.account), 1);
  return index;
}

/** HMAC(indexKey, index): the id a mutation's value MAC is stored under (AppSyncStore never sees the index). */
export function indexMac(keys: Pick<AppSyncKeys, "indexKey">, m: Pick<AppStateMutation, "kind" | "account">): Uint8Array {
  return hmacSha256(keys.indexKey, mutationIndex(m));
}

/** HMAC(valueMacKey, index · u32 timestamp · value): the stored MAC and the LtHash element of a set. */
export function valueMac(keys: Pick<AppSyncKeys, "valueMacKey">, m: Omit<AppStateMutation, "op">): Uint8Array {
  const index = mutationIndex(m);
  const data = new Uint8Array(index.length + 4 + m.value.length);
  data.set(index);
  new DataView(data.buffer).setUint32(index.length, m.timestamp);
  data.set(m.value, index.length + 4);
  return hmacSha256(keys.valueMacKey, data);
}

/** HMAC(snapshotKey, LtHash · u32 version), truncated: what a patch's author says the collection is after it. */
export function snapshotMac(keys: Pick<AppSyncKeys, "snapshotKey">, hash: Uint8Array, version: number): Uint8Array {
  const data = new Uint8Array(hash.length + 4);
  data.set(hash);
  new DataView(data.buffer).setUint32(hash.length, version);
  return hmacSha256(keys.snapshotKey, data).slice(0, APPSYNC_SNAPSHOT_MAC_BYTES);
}

/** The MACs of one set, as AppSyncStore keeps them (same shape as its MutationMac). */
export type MutationMac = { indexMac: Uint8Array; valueMac: Uint8Array };

export type MutationEffect = {
  /** The collection's LtHash after the mutations. */
  hash: Uint8Array;
  /** MACs to store (sets). */
  put: MutationMac[];
  /** Index MACs to delete (removes). */
  remove: Uint8Array[];
};

/**
 * What a patch's mutations do to a collection whose stored value MACs are `previous` (by index-MAC hex): each set
 * removes the index's previous element from the LtHash and adds its own; each remove only removes. Pure. An index
 * twice in one patch is malformed (its order would matter).
 *
 * @example
 * const previous = await store.getMutationMacs(name, mutations.map((m) => indexMac(keys, m)));
 * const { hash, put, remove } = mutationEffect(keys, currentHash, previous, mutations, version);
 */
export function mutationEffect(
  keys: Pick<AppSyncKeys, "indexKey" | "valueMacKey">,
  hash: Uint8Array,
  previous: ReadonlyMap<Hex, Uint8Array>,
  mutations: readonly AppStateMutation[],
  version: number,
): MutationEffect {
  const seen = new Set<Hex>();
  const add: Uint8Array[] = [];
  const sub: Uint8Array[] = [];
  const put: MutationMac[] = [];
  const remove: Uint8Array[] = [];
  for (const m of mutations) {
    const index = indexMac(keys, m);
    const id = bytesToHex(index);
    if (seen.has(id)) throw new AppStatePatchRejectedError("malformed", version);
    seen.add(id);
    const before = previous.get(id);
    if (before) sub.push(before);
    if (m.op === "set") {
      const mac = valueMac(keys, m);
      add.push(mac);
      put.push({ indexMac: index, valueMac: mac });
    } else {
      remove.push(index);
    }
  }
  return { hash: ltHashUpdate(hash, add, sub), put, remove };
}
