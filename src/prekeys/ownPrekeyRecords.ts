import type { SignalStore } from "../store/SignalStore.ts";

/** One of our prekeys as stored: the signed prekey record and its ML-KEM (Kyber) half, under the same id. */
export type OwnPrekeyRecord = { id: number; signed: Uint8Array; kyber: Uint8Array };

/**
 * Every prekey of ours the store holds (the current bundle's and any superseded one still in its grace period), as
 * stored. What a backup carries so a restored account opens first contacts made to the bundles already on chain.
 */
export async function readOwnPrekeyRecords(store: Pick<SignalStore, "loadAllSignedPrekeys" | "loadKyberPrekey">): Promise<OwnPrekeyRecord[]> {
  const out: OwnPrekeyRecord[] = [];
  for (const [id, signed] of await store.loadAllSignedPrekeys()) {
    // A signed prekey without its Kyber half can complete no handshake (loadOwnPrekeys skips it too).
    const kyber = await store.loadKyberPrekey(id);
    if (kyber) out.push({ id, signed, kyber });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Writes records read by `readOwnPrekeyRecords` (in the caller's transaction, if `store` is one). */
export async function writeOwnPrekeyRecords(store: Pick<SignalStore, "storeSignedPrekey" | "storeKyberPrekey">, records: readonly OwnPrekeyRecord[]): Promise<void> {
  for (const { id, signed, kyber } of records) {
    await store.storeSignedPrekey(id, signed);
    // Ours are all last-resort keys: reusable until rotated, replays caught by the used-triple record.
    await store.storeKyberPrekey(id, kyber, { lastResort: true });
  }
}
