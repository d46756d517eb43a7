import { expect } from "vitest";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { bob, bytes, hash, messageRecord, pendingHandshakeRecord, sessionRecord } from "./conformance/records.ts";

/** Recognizable secrets written through every kind of secret-bearing field, to look for at rest. */
export const marker = "HUSHLOG-PLAINTEXT-MARKER-4b1d9e";
const markerBytes = new TextEncoder().encode(marker);
const withMarker = (label: string, length: number) => {
  const out = bytes(label, length);
  out.set(markerBytes, 8);
  return out;
};
export const sessionState = withMarker("session state", 1500);
export const identityKey = bytes("identity key secret", 32);

export async function writeSecrets(store: HushlogStore): Promise<void> {
  await store.sessions.save(sessionRecord({ state: sessionState }));
  await store.messages.put(messageRecord(1, { body: new TextEncoder().encode(`${marker} hello bob`) }));
  await store.pendingHandshakes.save(pendingHandshakeRecord({ secret: withMarker("handshake secret", 300) }));
  await store.putIdentity(bob, identityKey);
  await store.save(withMarker("local device", 200));
  await store.storePrekey(1, withMarker("prekey", 100), false);
  await store.storeKyberPrekey(1, withMarker("kyber", 2400));
  await store.putSenderKey("group", withMarker("sender key", 100));
  await store.setSyncKey(bytes("key id", 6), { keyData: withMarker("sync key", 64), fingerprint: bytes("fp", 8), timestamp: 1 });
  await store.storeSentMessage("chat", "m", withMarker("sent payload", 120));
  await store.putMsgSecret("chat", "bob", "m", withMarker("msg secret", 64));
  await store.putContactToken(bob, { token: withMarker("token", 64), tokenTimestamp: 1, senderTimestamp: null });
  await store.cache.set("ns", "k", withMarker("cached", 64));
  await store.pending.save({
    id: "p",
    kind: "message",
    conversationIds: [hash("conversation 1")],
    itemIds: [],
    status: "preparing",
    txHash: null,
    previousTxHashes: [],
    data: withMarker("calldata", 200),
    nonce: null,
    sentAtBlock: null,
    blockNumber: null,
    blockHash: null,
    attempts: 0,
    error: null,
    createdAt: 1,
    updatedAt: 1,
  });
}

/** Byte strings none of which may appear at rest. */
export function forbiddenNeedles(extra: Uint8Array[] = []): { name: string; needle: Uint8Array }[] {
  return [
    { name: "plaintext marker", needle: markerBytes },
    { name: "session state (a 64-byte window)", needle: sessionState.slice(600, 664) },
    { name: "identity key", needle: identityKey },
    ...extra.map((needle, i) => ({ name: `extra secret ${i}`, needle })),
  ];
}

export function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(needle)) !== -1;
}

export function expectNoSecretIn(haystack: Uint8Array, where: string, extra: Uint8Array[] = []): void {
  for (const { name, needle } of forbiddenNeedles(extra)) {
    expect(contains(haystack, needle), `${name} found in ${where}`).toBe(false);
  }
}
