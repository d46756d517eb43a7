import { StoreNotFoundError } from "../../errors/storeErrors.ts";
import type { PendingRecord, PendingStore, PendingUpdate } from "../PendingStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

const pending = recordTable<PendingRecord>("pending", (p) => ({
  conversation: p.conversationIds.map(normalizeId),
  txHash: [p.txHash, ...p.previousTxHashes].filter((h) => h !== null).map(normalizeId),
}));

const oldestFirst = (a: PendingRecord, b: PendingRecord) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createPendingStore({ run, now }: FaceContext): PendingStore {
  return {
    save: (record) => run("rw", (tx) => pending.put(tx, normalizeId(record.id), pick(record))),
    get: (id) => run("r", (tx) => pending.get(tx, normalizeId(id))),
    getByTxHash: (txHash) =>
      run("r", async (tx) => {
        const found = await pending.records(tx, { index: "txHash", equals: normalizeId(txHash) });
        // A hash names one transaction, so at most one record should match; prefer the one it is current for.
        return found.find((p) => p.txHash !== null && normalizeId(p.txHash) === normalizeId(txHash)) ?? found[0] ?? null;
      }),
    updateStatus: (id, status, update = {}) =>
      run("rw", async (tx) => {
        const stored = await pending.get(tx, normalizeId(id));
        if (!stored) throw new StoreNotFoundError({ what: "pending transaction", id });
        await pending.put(tx, normalizeId(id), pick({ ...stored, ...pickUpdate(update), status, updatedAt: now() }));
      }),
    delete: (id) => run("rw", async (tx) => void (await pending.delete(tx, [normalizeId(id)]))),
    getByConversation: (conversationId) =>
      run("r", async (tx) => (await pending.records(tx, { index: "conversation", equals: normalizeId(conversationId) })).sort(oldestFirst)),
    list: () => run("r", async (tx) => (await pending.records(tx)).sort(oldestFirst)),
  };
}

function pick(p: PendingRecord): PendingRecord {
  const { id, kind, conversationIds, itemIds, status, txHash, previousTxHashes, data, nonce, sentAtBlock, blockNumber, blockHash, attempts, error, createdAt, updatedAt } = p;
  return {
    // Only stored when set: records written before call ids existed read back the same.
    ...(p.callsId ? { callsId: p.callsId } : {}),
    id,
    kind,
    conversationIds: [...conversationIds],
    itemIds: [...itemIds],
    status,
    txHash,
    previousTxHashes: [...previousTxHashes],
    data,
    nonce,
    sentAtBlock: sentAtBlock ?? null,
    blockNumber,
    blockHash,
    attempts,
    error,
    createdAt,
    updatedAt,
  };
}

function pickUpdate(u: PendingUpdate): PendingUpdate {
  const { txHash, previousTxHashes, nonce, sentAtBlock, blockNumber, blockHash, attempts, error, callsId } = u;
  return Object.fromEntries(
    Object.entries({ txHash, previousTxHashes, nonce, sentAtBlock, blockNumber, blockHash, attempts, error, callsId }).filter(([, v]) => v !== undefined),
  ) as PendingUpdate;
}
