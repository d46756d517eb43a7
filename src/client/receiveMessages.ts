import type { Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { MessageKeyUnavailableError, UnknownTopicError } from "../errors/ratchetErrors.ts";
import { SenderNotAuthorizedError } from "../errors/handshakeErrors.ts";
import { bindingAllowsSender } from "../identity/bindingAllowsSender.ts";
import { peekPosition } from "../ratchet/peekPosition.ts";
import { ratchetDecrypt } from "../ratchet/ratchetDecrypt.ts";
import type { CursorRecord } from "../store/CursorStore.ts";
import type { MessageRecord, MessageUpdate } from "../store/MessageStore.ts";
import type { SessionRecord } from "../store/SessionStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationState, UnscannedTopic } from "./ConversationState.ts";
import { decodeMessageContent } from "./messageContent.ts";
import { messageId } from "./messageId.ts";
import type { MessageView } from "./ClientEvents.ts";

/**
 * Decrypts one sync step's message logs in chain order and commits the result with the cursor, atomically.
 *
 * Per log: the topic resolves to a session (through the SessionManager's cache), the sender must be the peer or
 * one of its delegates (checked before any cryptography), then the ratchet decrypts on the working state. A key
 * already used means a duplicate: the log is matched by ratchet position to the message it already produced,
 * whose block data is refreshed if it had been reorged or re-broadcast, and nothing new is shown. Every other
 * failure is reported with its typed reason and changes nothing.
 *
 * Runs holding the locks of every session it may write, and re-reads their states under the locks, so a send
 * that happened since the step was planned is never overwritten.
 */
export async function receiveMessages(
  ctx: ClientContext,
  logs: HushlogLog[],
  covered: ReadonlyMap<Hex, readonly UnscannedTopic[]>,
  cursor: CursorRecord,
): Promise<number> {
  const ordered = dedupe(logs);
  const owners = new Map<HushlogLog, Hex>();
  for (const log of ordered) {
    const entry = await ctx.sessions.resolveTopic(log.tag);
    if (entry) owners.set(log, entry.record.conversationId);
    else ctx.reject(log, new UnknownTopicError());
  }
  const touched = [...new Set([...owners.values(), ...covered.keys()])];
  const timestamps = await blockTimestamps(ctx, ordered.filter((log) => owners.has(log)));

  return ctx.sessions.withSessions(touched, async () => {
    const working = new Map<Hex, { record: SessionRecord; state: ConversationState; changed: boolean }>();
    for (const id of touched) {
      const entry = await ctx.sessions.get(id);
      if (entry) working.set(id, { record: entry.record, state: entry.state, changed: false });
    }
    const received: MessageRecord[] = [];
    const refreshed: { id: Hex; update: MessageUpdate }[] = [];
    const now = ctx.now();

    for (const log of ordered) {
      const conversationId = owners.get(log);
      const current = conversationId && working.get(conversationId);
      if (!conversationId || !current) continue;
      if (!bindingAllowsSender(current.state.peer, log.sender)) {
        ctx.reject(log, new SenderNotAuthorizedError({ sender: log.sender, account: current.state.peer.account }));
        continue;
      }
      const at = { blockNumber: log.blockNumber, blockHash: log.blockHash, txHash: log.transactionHash, logIndex: log.logIndex };
      try {
        const out = await ratchetDecrypt(current.state.ratchet, log.payload, { topic: log.tag, now: Math.floor(now / 1000), block: log.blockNumber });
        current.state = { ...current.state, ratchet: out.session };
        current.changed = true;
        received.push({
          id: messageId(conversationId, out.position.topic, out.position.index),
          conversationId,
          direction: "in",
          sender: current.state.peer.account,
          body: out.plaintext,
          status: "received",
          ...at,
          createdAt: now,
          timestamp: timestamps.get(log.blockNumber) ?? null,
          read: false,
        });
      } catch (error) {
        if (!(error instanceof MessageKeyUnavailableError)) {
          ctx.reject(log, error);
          continue;
        }
        // A used key: the same log read again (silent), the message back after a reorg or a sender's re-broadcast
        // (its record is refreshed), or a replay of an old message in a new transaction (reported).
        const position = peekPosition(current.state.ratchet, log.payload, log.tag);
        const id = position && messageId(conversationId, position.topic, position.index);
        const known = id && (received.find((m) => m.id === id) ?? (await ctx.store.messages.get(id)));
        if (known && known.txHash === log.transactionHash && known.logIndex === log.logIndex && known.status !== "reorged") continue;
        if (known?.status === "reorged") {
          refreshed.push({ id: id!, update: { status: "received", ...at, timestamp: timestamps.get(log.blockNumber) ?? known.timestamp } });
        } else {
          ctx.reject(log, error);
        }
      }
    }

    for (const [id, entries] of covered) {
      const current = working.get(id);
      if (!current) continue;
      const done = (u: UnscannedTopic) => entries.some((e) => e.topic === u.topic && e.fromBlock === u.fromBlock);
      const unscanned = current.state.unscanned.filter((u) => !done(u));
      if (unscanned.length !== current.state.unscanned.length) {
        current.state = { ...current.state, unscanned };
        current.changed = true;
      }
    }

    // Only sessions that really changed are written: a pass whose logs were all rejected changes nothing.
    const records = [...working.entries()].filter(([, w]) => w.changed).map(([conversationId, { record, state }]) => ({
      state,
      record: ctx.sessions.nextRecord(record, { conversationId, peer: record.peer, state, now, block: cursor.block }),
    }));
    await ctx.store.transaction(async (tx) => {
      for (const { record } of records) await tx.sessions.save(record);
      if (received.length) await tx.messages.putMany(received);
      for (const { id, update } of refreshed) await tx.messages.update(id, update);
      await tx.cursors.put(cursor);
    });
    for (const { record, state } of records) ctx.sessions.adopt(record, state);
    for (const message of received) ctx.emitter.emit("message", toView(message));
    for (const { id, update } of refreshed) {
      const conversationId = received.find((m) => m.id === id)?.conversationId ?? (await ctx.store.messages.get(id))?.conversationId;
      if (conversationId) ctx.emitter.emit("status", { id, conversationId, status: update.status! });
    }
    return received.length;
  });
}

/** Chain order, each (transaction, log index) once: backfill and live reads may overlap. */
function dedupe(logs: HushlogLog[]): HushlogLog[] {
  const seen = new Set<string>();
  return logs
    .filter((log) => {
      const key = `${log.transactionHash}:${log.logIndex}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

/** Block timestamps for the blocks holding messages (one request per distinct block, run concurrently). */
async function blockTimestamps(ctx: ClientContext, logs: HushlogLog[]): Promise<Map<bigint, number>> {
  const blocks = [...new Set(logs.map((log) => log.blockNumber))];
  const out = new Map<bigint, number>();
  await Promise.all(
    blocks.map(async (blockNumber) => {
      const block = await ctx.publicClient.getBlock({ blockNumber }).catch(() => null);
      if (block) out.set(blockNumber, Number(block.timestamp));
    }),
  );
  return out;
}

export function toView(message: MessageRecord): MessageView {
  let content: MessageView["content"] = null;
  try {
    content = decodeMessageContent(message.body);
  } catch {
    // A content type from a newer client: keep the message, show it as unreadable here.
  }
  return {
    id: message.id as Hex,
    conversationId: message.conversationId,
    direction: message.direction,
    sender: message.sender,
    content,
    status: message.status,
    txHash: message.txHash,
    blockNumber: message.blockNumber,
    timestamp: message.timestamp,
    createdAt: message.createdAt,
    read: message.read,
  };
}
