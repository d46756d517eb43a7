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
 *
 * `onChainPrekeyId`, the id of the bundle `findPrekeyBundle` returns for our own account, guards against a
 * successor that was recorded as published and then lost in a reorg: no key from that id up is deleted, so the
 * bundle initiators actually see never loses its secrets.
 */
export async function prunePrekeys(
  store: HushlogStore,
  { scannedThrough, onChainPrekeyId }: { scannedThrough: number; onChainPrekeyId?: number },
): Promise<number[]> {
  return store.transaction(async (tx) => {
    const expired = (await loadSignedPrekeyRecords(tx)).filter(
      (r) =>
        r.supersededAt !== null &&
        r.supersededAt + PREKEY_GRACE_SECONDS <= scannedThrough &&
        (onChainPrekeyId === undefined || r.id < onChainPrekeyId),
    );
    for (const record of expired) {
      await tx.removeSignedPrekey(record.id);
      await tx.removeKyberPrekey(record.id);
    }
    return expired.map((r) => r.id);
  });
}
