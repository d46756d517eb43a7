import { StoreNotFoundError } from "../../errors/storeErrors.ts";
import type { HandshakeRequestRecord, HandshakeRequestStore } from "../HandshakeRequestStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

const requests = recordTable<HandshakeRequestRecord>("requests", (r) => ({ status: r.status }));

const newestFirst = (a: HandshakeRequestRecord, b: HandshakeRequestRecord) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function createHandshakeRequestStore({ run }: FaceContext): HandshakeRequestStore {
  return {
    save: (record) => run("rw", (tx) => requests.put(tx, normalizeId(record.id), pick(record))),
    get: (id) => run("r", (tx) => requests.get(tx, normalizeId(id))),
    list: (status) => run("r", async (tx) => (await requests.records(tx, status === undefined ? undefined : { index: "status", equals: status })).sort(newestFirst)),
    updateStatus: (id, status) =>
      run("rw", async (tx) => {
        const stored = await requests.get(tx, normalizeId(id));
        if (!stored) throw new StoreNotFoundError({ what: "handshake request", id });
        await requests.put(tx, normalizeId(id), { ...stored, status });
      }),
    delete: (id) => run("rw", async (tx) => void (await requests.delete(tx, [normalizeId(id)]))),
  };
}

function pick(r: HandshakeRequestRecord): HandshakeRequestRecord {
  const { id, from, kind, payload, note, deviceKey, replacesKey, conversationId, verified, status, txHash, logIndex, blockNumber, receivedAt } = r;
  return { id, from, kind, payload, note, deviceKey, replacesKey, conversationId, verified, status, txHash, logIndex, blockNumber, receivedAt };
}
