import { StoreNotFoundError } from "../errors/storeErrors.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { encodeSignedPrekeyRecord } from "../wire/signedPrekeyRecordCodec.ts";
import { loadSignedPrekeyRecords } from "./loadOwnPrekeys.ts";

/**
 * Records that bundle `prekeyId` is on chain, in a block with timestamp `publishedAt` (unix seconds): call it once
 * its `Prekeys` transaction is included (again after a reorg re-includes it). Every older bundle is then
 * superseded at that time, which starts its grace period (see prunePrekeys). Recomputed for all records in one
 * transaction, so out-of-order or repeated calls end in the same state.
 */
export async function markPrekeysPublished(store: HushlogStore, prekeyId: number, publishedAt: number): Promise<void> {
  await store.transaction(async (tx) => {
    const records = await loadSignedPrekeyRecords(tx);
    const target = records.find((r) => r.id === prekeyId);
    if (!target) throw new StoreNotFoundError({ what: "signed prekey", id: String(prekeyId) });
    target.publishedAt = publishedAt;
    for (const record of records) {
      const successors = records.filter((r) => r.id > record.id && r.publishedAt !== null).map((r) => r.publishedAt!);
      const supersededAt = successors.length > 0 ? Math.min(...successors) : null;
      if (record === target || record.supersededAt !== supersededAt) {
        await tx.storeSignedPrekey(record.id, encodeSignedPrekeyRecord({ ...record, supersededAt }));
      }
    }
  });
}
