import { concatBytes, keccak256, toBytes, type Address, type Hex } from "viem";
import { labels } from "../../crypto/labels.ts";
import { InvalidStoreInputError, StoreConflictError } from "../../errors/storeErrors.ts";
import type { SessionRecord, SessionStore } from "../SessionStore.ts";
import type { SignalStore } from "../SignalStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";
import type { RecordTx } from "./RecordTx.ts";

const sessions = recordTable<SessionRecord>("sessions", (record) => ({
  peer: normalizeId(record.peer),
  topic: record.inboundTopics.map(normalizeId),
}));

type SessionMethods = Pick<SignalStore, "getSession" | "putSession" | "deleteSession" | "hasSession"> & { sessions: SessionStore };

/** Sessions, through both faces: by conversation id and topic (Verbeth) and by peer address (Signal). */
export function createSessionMethods({ run, now }: FaceContext): SessionMethods {
  return {
    sessions: {
      get: (conversationId) => run("r", (tx) => sessions.get(tx, normalizeId(conversationId))),
      getByInboundTopic: (topic) =>
        run("r", async (tx) => newest(await sessions.records(tx, { index: "topic", equals: normalizeId(topic) }))),
      save: (record) =>
        run("rw", async (tx) => {
          if (!Number.isSafeInteger(record.version) || record.version < 1) throw new InvalidStoreInputError("session version must be a positive integer");
          const key = normalizeId(record.conversationId);
          const stored = await sessions.get(tx, key);
          const fits = stored ? stored.version === record.version - 1 : record.version === 1;
          if (!fits) {
            throw new StoreConflictError({
              what: "session",
              id: record.conversationId,
              expectedVersion: record.version - 1,
              actualVersion: stored?.version ?? null,
            });
          }
          await sessions.put(tx, key, pick(record));
        }),
      list: () => run("r", (tx) => sessions.records(tx)),
      delete: (conversationId) => run("rw", async (tx) => void (await sessions.delete(tx, [normalizeId(conversationId)]))),
    },

    getSession: (address) => run("r", async (tx) => (await latestOfPeer(tx, address))?.state ?? null),
    putSession: (address, state) =>
      run("rw", async (tx) => {
        const latest = await latestOfPeer(tx, address);
        const record: SessionRecord = latest
          ? { ...latest, state, version: latest.version + 1, updatedAt: now() }
          : { conversationId: signalConversationId(address), peer: address as Address, inboundTopics: [], state, version: 1, updatedAt: now() };
        await sessions.put(tx, normalizeId(record.conversationId), record);
      }),
    deleteSession: (address) => run("rw", async (tx) => void (await sessions.deleteWhere(tx, { index: "peer", equals: normalizeId(address) }))),
    hasSession: (address) => run("r", async (tx) => (await sessions.count(tx, { index: "peer", equals: normalizeId(address) })) > 0),
  };
}

async function latestOfPeer(tx: RecordTx, address: string): Promise<SessionRecord | null> {
  return newest(await sessions.records(tx, { index: "peer", equals: normalizeId(address) }));
}

/** Several sessions can share a topic or a peer only across a reset; the most recently written one is current. */
function newest(records: SessionRecord[]): SessionRecord | null {
  let best: SessionRecord | null = null;
  for (const record of records) if (!best || record.updatedAt > best.updatedAt) best = record;
  return best;
}

/** A session first written through the Signal face has no conversation id yet: derive a stable one. */
function signalConversationId(address: string): Hex {
  return keccak256(concatBytes([labels.store.signalSession, toBytes(normalizeId(address))]));
}

function pick(record: SessionRecord): SessionRecord {
  const { conversationId, peer, inboundTopics, state, version, updatedAt } = record;
  return { conversationId, peer, inboundTopics: [...inboundTopics], state, version, updatedAt };
}
