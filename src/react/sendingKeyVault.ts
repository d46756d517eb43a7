import { bytesToHex } from "viem";
import { constantTimeEqual, wipe } from "../crypto/bytes.ts";
import { SendingKeyNotStoredError } from "../errors/reactErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { createSendingKey, exportSendingKeySecret, type SendingKey } from "./createSendingKey.ts";

/**
 * Where this browser's sending key lives: in the account's store (encrypted at rest with the identity, like every
 * record), namespace `hushlog/sending-key`, keyed by the device's Ed25519 public key, so a re-derived identity (a new
 * device) never inherits the old device's key. One key per device, whatever the chain: the same address may be
 * funded on several chains.
 *
 * It is the store's cache table because that is the one keyed table every backend offers; its "recomputable" rule
 * does not fit a key that holds funds, so the write is read back before any binding may name the key
 * (`SendingKeyNotStoredError` otherwise), and a key that later fails to load is never replaced silently: the
 * controller then sends with the wallet and the user re-links on purpose. The cache is left out of snapshots and
 * backups: a restored store gets a new sending key (the old key's balance stays with the old store).
 */
export const sendingKeyCacheNamespace = "hushlog/sending-key";

const keyOf = (identity: Identity) => bytesToHex(identity.ed25519.publicKey);

/** The stored sending key of `identity`'s device, or null when it has none (or it cannot be read). */
export async function loadSendingKey(store: HushlogStore, identity: Identity): Promise<SendingKey | null> {
  const secret = await store.cache.get(sendingKeyCacheNamespace, keyOf(identity));
  if (!secret) return null;
  try {
    return await createSendingKey(secret);
  } catch {
    // Not a key (a corrupt record): sending falls back to the wallet; nothing is overwritten.
    return null;
  }
}

/**
 * Creates this device's sending key from the platform's CSPRNG and stores it; returns it once it reads back. An
 * existing stored key is returned instead (never replaced: it may hold funds).
 *
 * @example
 * const key = await createStoredSendingKey(store, identity);
 * // list key.address as this device's `sender` in the next binding
 */
export async function createStoredSendingKey(store: HushlogStore, identity: Identity): Promise<SendingKey> {
  const existing = await loadSendingKey(store, identity);
  if (existing) return existing;
  const key = await createSendingKey();
  const secret = exportSendingKeySecret(key);
  let stored: Uint8Array | null = null;
  try {
    await store.cache.set(sendingKeyCacheNamespace, keyOf(identity), secret);
    stored = await store.cache.get(sendingKeyCacheNamespace, keyOf(identity));
    if (!stored || !constantTimeEqual(stored, secret)) throw new SendingKeyNotStoredError();
    return key;
  } catch (error) {
    key.wipe();
    throw error;
  } finally {
    wipe(secret, stored);
  }
}
