import { PREKEY_GRACE_SECONDS } from "../constants.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { loadSignedPrekeyRecords } from "./loadOwnPrekeys.ts";

/**
 * Deletes the prekeys whose grace period is over: superseded at time S and `scannedThrough >= S +
 * PREKEY_GRACE_SECONDS`, where `scannedThrough` is the timestamp of the newest block up to which every prekey
 * handshake has been scanned and processed (the sync cursor's block). Measured against the scan, not the clock,
 * so a recipient back from weeks offline reads its backlog with the old key before deleting it. Handshakes made
 * with a deleted key are never recognised again (forward secrecy for them starts here). Deletes the signed and
 * the Kyber record of each id (the latter with its used-triple records). Returns the deleted ids.
 */
export async function prunePrekeys(store: HushlogStore, { scannedThrough }: { scannedThrough: number }): Promise<number[]> {
  return store.transaction(async (tx) => {
    const expired = (await loadSignedPrekeyRecords(tx)).filter(
      (r) => r.supersededAt !== null && r.supersededAt + PREKEY_GRACE_SECONDS <= scannedThrough,
    );
    for (const record of expired) {
      await tx.removeSignedPrekey(record.id);
      await tx.removeKyberPrekey(record.id);
    }
    return expired.map((r) => r.id);
  });
}
