import { StoreNotFoundError } from "../../errors/storeErrors.ts";
import type { MessageRecord, MessageStore, MessageUpdate } from "../MessageStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

/**
 * Display order as one sortable string under the conversation: included messages by (block, log index), then
 * not-yet-included ones by creation time; the id last makes every value unique, so paging `before` a message
 * never skips one that ties with it.
 */
function orderValue(m: MessageRecord): string {
  const position =
    m.blockNumber !== null
      ? `1${m.blockNumber.toString().padStart(20, "0")}${String(m.logIndex ?? 0).padStart(10, "0")}`
      : `2${String(m.createdAt).padStart(16, "0")}`;
  return `${normalizeId(m.conversationId)}/${position}/${normalizeId(m.id)}`;
}

const messages = recordTable<MessageRecord>("messages", (m) => ({
  txHash: m.txHash === null ? null : normalizeId(m.txHash),
  order: orderValue(m),
  unread: m.read ? null : normalizeId(m.conversationId),
}));

const byOrder = (a: MessageRecord, b: MessageRecord) => {
  const x = orderValue(a);
  const y = orderValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export function createMessageStore({ run }: FaceContext): MessageStore {
  return {
    put: (record) => run("rw", (tx) => messages.put(tx, normalizeId(record.id), pick(record))),
    putMany: (records) => run("rw", (tx) => messages.putMany(tx, records.map((r) => [normalizeId(r.id), pick(r)] as const))),
    get: (id) => run("r", (tx) => messages.get(tx, normalizeId(id))),
    getByTxHash: (txHash) => run("r", async (tx) => (await messages.records(tx, { index: "txHash", equals: normalizeId(txHash) })).sort(byOrder)),
    list: (conversationId, options = {}) =>
      run("r", async (tx) => {
        const prefix = `${normalizeId(conversationId)}/`;
        let upper = `${normalizeId(conversationId)}0`; // "0" is the character after "/": the end of this conversation
        if (options.before !== undefined) {
          const anchor = await messages.get(tx, normalizeId(options.before));
          if (!anchor || normalizeId(anchor.conversationId) !== normalizeId(conversationId)) {
            throw new StoreNotFoundError({ what: "message", id: options.before });
          }
          upper = orderValue(anchor);
        }
        const newestFirst = await messages.records(tx, { index: "order", lower: prefix, upper, upperOpen: true, reverse: true, limit: options.limit });
        return newestFirst.reverse();
      }),
    update: (id, update) =>
      run("rw", async (tx) => {
        const stored = await messages.get(tx, normalizeId(id));
        if (!stored) throw new StoreNotFoundError({ what: "message", id });
        await messages.put(tx, normalizeId(id), { ...stored, ...pickUpdate(update) });
      }),
    markRead: (conversationId) =>
      run("rw", async (tx) => {
        const unread = await messages.records(tx, { index: "unread", equals: normalizeId(conversationId) });
        await messages.putMany(tx, unread.map((m) => [normalizeId(m.id), { ...m, read: true }] as const));
      }),
    unreadCount: (conversationId) => run("r", (tx) => messages.count(tx, { index: "unread", equals: normalizeId(conversationId) })),
    delete: (id) => run("rw", async (tx) => void (await messages.delete(tx, [normalizeId(id)]))),
  };
}

function pick(m: MessageRecord): MessageRecord {
  const { id, conversationId, direction, sender, body, status, txHash, blockNumber, blockHash, logIndex, createdAt, timestamp, read } = m;
  return { id, conversationId, direction, sender, body, status, txHash, blockNumber, blockHash, logIndex, createdAt, timestamp, read };
}

function pickUpdate(u: MessageUpdate): MessageUpdate {
  const { status, txHash, blockNumber, blockHash, logIndex, timestamp, read } = u;
  return Object.fromEntries(
    Object.entries({ status, txHash, blockNumber, blockHash, logIndex, timestamp, read }).filter(([, v]) => v !== undefined),
  ) as MessageUpdate;
}
