import { keccak256, type Hex } from "viem";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { ConversationNotFoundError, SessionBusyError } from "../errors/clientErrors.ts";
import { StoreConflictError } from "../errors/storeErrors.ts";
import { ratchetEncrypt } from "../ratchet/ratchetEncrypt.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { SessionRecord } from "../store/SessionStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationState } from "./ConversationState.ts";
import { newPending } from "./HandshakeManager.ts";
import { encodeMessageContent, type MessageContent } from "./messageContent.ts";
import { messageId } from "./messageId.ts";
import type { PendingManager } from "./PendingManager.ts";
import { toView } from "./receiveMessages.ts";

export type OutgoingMessage = { conversationId: Hex; content: MessageContent | string };
export type SendResult = { pendingId: string; messageIds: Hex[] };

/** Attempts when another writer (tab, process) moves a session between our read and our commit. */
const CONFLICT_RETRIES = 3;

/**
 * Sends messages: one transaction whatever their number (a packed batch when more than one, possibly for several
 * conversations). Under the sessions' locks, each message is encrypted (advancing its ratchet), then the new
 * ratchet states, the messages and the pending transaction with its exact calldata are committed in ONE store
 * transaction, and only then broadcast. A crash at any point never reuses a message key and never loses a
 * ciphertext: either nothing was committed, or the committed calldata is broadcast (again) on restart.
 */
export class MessageSender {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;

  constructor(ctx: ClientContext, pending: PendingManager) {
    this.ctx = ctx;
    this.pending = pending;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<SendResult> {
    const { ctx } = this;
    const conversationIds = [...new Set(messages.map((m) => m.conversationId))];
    const prepared = await ctx.sessions.withSessions(conversationIds, async () => {
      for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        try {
          return await this.prepare(messages, conversationIds);
        } catch (error) {
          if (!(error instanceof StoreConflictError)) throw error;
          for (const id of conversationIds) ctx.sessions.invalidate(id);
        }
      }
      throw new SessionBusyError(conversationIds[0]!);
    });
    for (const message of prepared.records) ctx.emitter.emit("message", toView(message));
    await this.pending.broadcast(prepared.pendingId);
    return { pendingId: prepared.pendingId, messageIds: prepared.records.map((m) => m.id as Hex) };
  }

  private async prepare(messages: readonly OutgoingMessage[], conversationIds: Hex[]) {
    const { ctx } = this;
    // Our messages land after the current head, so the peer's answers (on topics our new chains announce) do too.
    const head = await ctx.publicClient.getBlockNumber();
    const working = new Map<Hex, { record: SessionRecord; state: ConversationState }>();
    for (const id of conversationIds) {
      const entry = await ctx.sessions.get(id);
      if (!entry) throw new ConversationNotFoundError(id);
      working.set(id, { record: entry.record, state: entry.state });
    }
    const now = ctx.now();
    const records: MessageRecord[] = [];
    const calls: { topic: Hex; payload: Uint8Array }[] = [];
    for (const { conversationId, content } of messages) {
      const current = working.get(conversationId)!;
      const body = encodeMessageContent(content);
      const startsChain = current.state.ratchet.sending === null;
      const out = await ratchetEncrypt(current.state.ratchet, body, { random: ctx.random });
      const announced = startsChain && out.session.next ? [{ topic: out.session.next.topic, fromBlock: head }] : [];
      current.state = { ...current.state, ratchet: out.session, unscanned: [...current.state.unscanned, ...announced] };
      calls.push({ topic: out.topic, payload: out.payload });
      records.push({
        id: messageId(conversationId, out.topic, out.session.sending!.index - 1),
        conversationId,
        direction: "out",
        sender: ctx.identity.account,
        body,
        status: "preparing",
        txHash: null,
        blockNumber: null,
        blockHash: null,
        logIndex: null,
        createdAt: now,
        timestamp: null,
        read: true,
      });
    }
    const data =
      calls.length === 1 ? encodePackedCall({ kind: "message", ...calls[0]! }) : encodePackedCall({ kind: "batch", messages: calls });
    const pendingId = calls.length === 1 ? records[0]!.id : keccak256(data);
    const sessions = [...working.entries()].map(([conversationId, { record, state }]) => ({
      state,
      record: ctx.sessions.nextRecord(record, { conversationId, peer: record.peer, state, now }),
    }));
    await ctx.store.transaction(async (tx) => {
      for (const { record } of sessions) await tx.sessions.save(record);
      await tx.messages.putMany(records);
      await tx.pending.save(newPending(pendingId, "message", conversationIds, records.map((m) => m.id), data, now, head));
    });
    for (const { record, state } of sessions) ctx.sessions.adopt(record, state);
    return { pendingId, records };
  }
}
