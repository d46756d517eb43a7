import { getBlockNumber } from "viem/actions";
import { keccak256, type Hex } from "viem";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { ConversationNotFoundError, ConversationUnavailableError, SessionBusyError, SessionRewoundError } from "../errors/clientErrors.ts";
import { GroupStateConflictError } from "../errors/groupErrors.ts";
import { StoreConflictError } from "../errors/storeErrors.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { SessionRecord } from "../store/SessionStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationState } from "./ConversationState.ts";
import { coverCount, coverMessages } from "./coverMessages.ts";
import { encryptDirect } from "./encryptDirect.ts";
import { newPending } from "./HandshakeManager.ts";
import { encodeMessageContent, type MessageContent } from "./messageContent.ts";
import { messageId } from "./messageId.ts";
import type { PendingManager } from "./PendingManager.ts";
import { toView } from "./receiveMessages.ts";

export type OutgoingMessage = { conversationId: Hex; content: MessageContent | string };
export type SendResult = { pendingId: string; messageIds: Hex[] };

/**
 * What one transaction carries: 1:1 messages (chat ones become visible messages; group control ones only travel),
 * then pre-encrypted calls such as a group message, extra pending items (e.g. distributions to mark once
 * included), and state to commit alongside (e.g. a group unit of work).
 */
export type SendPlan = {
  direct: readonly { conversationId: Hex; body: Uint8Array; visible: boolean }[];
  extra?: readonly { topic: Hex; payload: Uint8Array; record: MessageRecord | null }[];
  items?: readonly string[];
  alongside?: (tx: HushlogStore) => Promise<void>;
  /**
   * The group whose control batch this is: its 1:1 part is padded to the batch's bucket with cover messages
   * (coverMessages.ts, issue 18), and the pending record names the group (its unknown topics are not stale 1:1 ones).
   */
  coverGroup?: Hex;
};

/** Attempts when another writer (tab, process) moves a session between our read and our commit. */
const CONFLICT_RETRIES = 3;

/**
 * Sends one transaction whatever it carries (a packed batch when more than one call, possibly for several
 * conversations). Under the sessions' locks, each 1:1 message is encrypted (advancing its ratchet), then the new
 * ratchet states, the messages, whatever the plan commits alongside and the pending transaction with its exact
 * calldata are committed in ONE store transaction, and only then broadcast. A crash at any point never reuses a
 * message key and never loses a ciphertext: either nothing was committed, or the committed calldata is broadcast
 * (again) on restart.
 */
export class MessageSender {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;

  constructor(ctx: ClientContext, pending: PendingManager) {
    this.ctx = ctx;
    this.pending = pending;
  }

  send(messages: readonly OutgoingMessage[]): Promise<SendResult> {
    const plan: SendPlan = {
      direct: messages.map((m) => ({ conversationId: m.conversationId, body: encodeMessageContent(m.content), visible: true })),
    };
    return this.sendPlan(
      messages.map((m) => m.conversationId),
      async () => plan,
    );
  }

  /**
   * Sends what `build` plans, built under the locks of `lockKeys` (conversation and group ids) and rebuilt when
   * another writer changed a session or a group in between.
   */
  async sendPlan(lockKeys: readonly Hex[], build: () => Promise<SendPlan>): Promise<SendResult> {
    const { ctx } = this;
    const prepared = await ctx.sessions.withSessions(lockKeys, async () => {
      for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        const plan = await build();
        try {
          return await this.prepare(plan);
        } catch (error) {
          if (!(error instanceof StoreConflictError) && !(error instanceof GroupStateConflictError)) throw error;
          for (const { conversationId } of plan.direct) ctx.sessions.invalidate(conversationId);
        }
      }
      throw new SessionBusyError(lockKeys[0]!);
    });
    for (const message of prepared.records) ctx.emitter.emit("message", toView(message));
    await this.pending.broadcast(prepared.pendingId);
    return { pendingId: prepared.pendingId, messageIds: prepared.records.map((m) => m.id as Hex) };
  }

  private async prepare(plan: SendPlan) {
    const { ctx } = this;
    // Our messages land after the current head, so the peer's answers (on topics our new chains announce) do too.
    const head = await getBlockNumber(ctx.publicClient);
    const conversationIds = [...new Set(plan.direct.map((d) => d.conversationId))];
    const working = new Map<Hex, { record: SessionRecord; state: ConversationState }>();
    for (const id of conversationIds) {
      const entry = await ctx.sessions.get(id);
      if (!entry) throw new ConversationNotFoundError(id);
      if (entry.state.status !== "active") throw new ConversationUnavailableError(id, entry.state.status);
      // Never encrypt on a sending chain that may exist twice (the client re-keys such a conversation first).
      if (entry.state.rewound && entry.state.ratchet.sending !== null) throw new SessionRewoundError(id);
      working.set(id, { record: entry.record, state: entry.state });
    }
    const now = ctx.now();
    const records: MessageRecord[] = [];
    const calls: { topic: Hex; payload: Uint8Array }[] = [];
    const encrypted = await encryptDirect(ctx, working, plan.direct, head);
    for (const [i, { conversationId, body, visible }] of plan.direct.entries()) {
      const out = encrypted[i]!;
      calls.push({ topic: out.topic, payload: out.payload });
      if (!visible) continue;
      records.push(outgoing(messageId(conversationId, out.topic, out.index), conversationId, body, ctx, now));
    }
    if (plan.coverGroup) {
      // Cover messages at random places among the real ones, whose relative order stays (a membership change
      // before a distribution to the same member).
      for (const cover of coverMessages(calls.map((c) => c.payload), coverCount(calls.length), ctx.random)) {
        const draw = ctx.random(2);
        const at = ((draw[0]! << 8) | draw[1]!) % (calls.length + 1);
        calls.splice(at, 0, cover);
      }
    }
    for (const extra of plan.extra ?? []) {
      calls.push({ topic: extra.topic, payload: extra.payload });
      if (extra.record) records.push(extra.record);
    }
    const data =
      calls.length === 1 ? encodePackedCall({ kind: "message", ...calls[0]! }) : encodePackedCall({ kind: "batch", messages: calls });
    const pendingId = calls.length === 1 && records.length === 1 ? records[0]!.id : keccak256(data);
    const sessions = [...working.entries()].map(([conversationId, { record, state }]) => ({
      state,
      record: ctx.sessions.nextRecord(record, { conversationId, peer: record.peer, state, now }),
    }));
    const touched = [...new Set([...conversationIds, ...records.map((m) => m.conversationId), ...(plan.coverGroup ? [plan.coverGroup] : [])])];
    const items = [...records.map((m) => m.id), ...(plan.items ?? [])];
    await ctx.store.transaction(async (tx) => {
      for (const { record } of sessions) await tx.sessions.save(record);
      if (records.length) await tx.messages.putMany(records);
      await plan.alongside?.(tx);
      await tx.pending.save(newPending(pendingId, "message", touched, items, data, now, head));
    });
    for (const { record, state } of sessions) ctx.sessions.adopt(record, state);
    return { pendingId, records };
  }
}

/** An outbound message record as written before broadcast. */
export function outgoing(id: Hex, conversationId: Hex, body: Uint8Array, ctx: ClientContext, now: number): MessageRecord {
  return {
    id,
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
  };
}
