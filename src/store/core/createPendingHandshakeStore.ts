import type { PendingHandshakeRecord, PendingHandshakeStore } from "../PendingHandshakeStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

const handshakes = recordTable<PendingHandshakeRecord>("pendingHandshakes", (h) => ({
  peer: normalizeId(h.peer),
  txHash: h.txHash === null ? null : normalizeId(h.txHash),
  expiresAt: h.expiresAt,
}));

const oldestFirst = (a: PendingHandshakeRecord, b: PendingHandshakeRecord) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createPendingHandshakeStore({ run }: FaceContext): PendingHandshakeStore {
  return {
    save: (record) => run("rw", (tx) => handshakes.put(tx, normalizeId(record.id), pick(record))),
    get: (id) => run("r", (tx) => handshakes.get(tx, normalizeId(id))),
    getByTxHash: (txHash) => run("r", async (tx) => (await handshakes.records(tx, { index: "txHash", equals: normalizeId(txHash) }))[0] ?? null),
    getByPeer: (peer) => run("r", async (tx) => (await handshakes.records(tx, { index: "peer", equals: normalizeId(peer) })).sort(oldestFirst)),
    list: () => run("r", async (tx) => (await handshakes.records(tx)).sort(oldestFirst)),
    delete: (id) => run("rw", async (tx) => void (await handshakes.delete(tx, [normalizeId(id)]))),
    deleteExpired: (now) => run("rw", (tx) => handshakes.deleteWhere(tx, { index: "expiresAt", upper: now })),
  };
}

function pick(h: PendingHandshakeRecord): PendingHandshakeRecord {
  const { id, peer, secret, txHash, includedBlock, createdAt, expiresAt } = h;
  return { id, peer, secret, txHash, includedBlock, createdAt, expiresAt };
}
