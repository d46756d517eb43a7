import { bytesToHex, type Hex } from "viem";
import { hkdfSha256, hmacSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * The keys one sync key (32 random bytes, shared by the account's current devices) expands to, as WhatsApp's
 * `expandAppStateKeys` does, but with one HKDF label of our own:
 *
 *   HKDF-SHA256(ikm = sync key, salt = none, info = "hushlog/v1/appsync/keys", L = 160)
 *     = indexKey (32) || valueMacKey (32) || patchKey (32) || snapshotKey (32) || topicKey (32)
 *
 * - indexKey: HMAC key of index MACs (a mutation's index -> the id it is stored under, never the index itself);
 * - valueMacKey: HMAC key of value MACs (index || timestamp || value -> the LtHash element and the stored MAC);
 * - patchKey: XChaCha20-Poly1305 key of every patch of this key's stream;
 * - snapshotKey: HMAC key of the snapshot MAC (the collection's LtHash after a patch);
 * - topicKey: HMAC key of patch topics: topic(v) = HMAC(topicKey, "patch" || u32 v)[0..16], so a patch's topic is
 *   unlinkable to the account and to the other patches without the key, and a device knows where version v+1 will be.
 * Secret: wipe it (`wipeAppSyncKeys`) when done.
 */
export type AppSyncKeys = {
  indexKey: Uint8Array;
  valueMacKey: Uint8Array;
  patchKey: Uint8Array;
  snapshotKey: Uint8Array;
  topicKey: Uint8Array;
};

/**
 * @example
 * const keys = expandAppSyncKeys(syncKey);
 * const topic = patchTopic(keys, 1);
 */
export function expandAppSyncKeys(syncKey: Uint8Array): AppSyncKeys {
  if (syncKey.length !== 32) throw new TypeError("a sync key has 32 bytes");
  const okm = hkdfSha256(syncKey, undefined, labels.appSync.keys, 160);
  const keys = {
    indexKey: okm.slice(0, 32),
    valueMacKey: okm.slice(32, 64),
    patchKey: okm.slice(64, 96),
    snapshotKey: okm.slice(96, 128),
    topicKey: okm.slice(128, 160),
  };
  okm.fill(0);
  return keys;
}

export function wipeAppSyncKeys(keys: AppSyncKeys): void {
  for (const key of Object.values(keys)) key.fill(0);
}

/** A sync key's public id (16 bytes): what AppSyncStore files it under and names its collection with. */
export function syncKeyId(syncKey: Uint8Array): Uint8Array {
  return hkdfSha256(syncKey, undefined, labels.appSync.keyId, 16);
}

const patchPrefix = new TextEncoder().encode("patch");

/** The message topic of version `version` of a key's patch stream: 128 bits, left-aligned as every message topic. */
export function patchTopic(keys: Pick<AppSyncKeys, "topicKey">, version: number): Hex {
  const data = new Uint8Array(patchPrefix.length + 4);
  data.set(patchPrefix);
  new DataView(data.buffer).setUint32(patchPrefix.length, version);
  const topic = new Uint8Array(32);
  topic.set(hmacSha256(keys.topicKey, data).subarray(0, 16));
  return bytesToHex(topic);
}
