import { getBlockNumber } from "viem/actions";
import { hexToBytes, type Hex } from "viem";
import { decodePackedCall } from "../chain/decodePackedCall.ts";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationState } from "./ConversationState.ts";
import { encryptDirect } from "./encryptDirect.ts";
import { encodeResent } from "./messageContent.ts";
import { isOutsidePeerWindow } from "./isOutsidePeerWindow.ts";
import type { SessionEntry } from "./SessionManager.ts";

export type Refreshed = { kind: "reencrypted"; record: PendingRecord } | { kind: "undeliverable"; reason: string };

/**
 * Keeps a re-broadcast from landing bytes the peer can no longer read (issue 21's main loss: a failed send retried
 * after the conversation moved on past the receiving chains the peer keeps showed `confirmed` and was never read).
 *
 * A message transaction whose 1:1 ciphertext is outside the peer's window (isOutsidePeerWindow) is re-encrypted:
 * its messages' plaintexts go through the CURRENT ratchet again, in one store transaction with the new ratchet
 * states and the record's new calldata. The old slot is burned (the peer's skipped key for it, if any, expires).
 * The caller first makes sure the old bytes are not on chain: re-encrypting bytes that did land would deliver
 * the message twice. A transaction that also carries what cannot be re-encrypted here (group or control data) is
 * reported undeliverable, never sent to where nobody reads it.
 */
export class CiphertextRefresher {
  private readonly ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }

  /** True when some 1:1 call of this message transaction may no longer be readable by its peer. */
  async stale(record: PendingRecord): Promise<boolean> {
    if (record.kind !== "message") return false;
    const sessions = await this.sessionsOf(record);
    if (sessions.size === 0) return false;
    const onlySessions = sessions.size === record.conversationIds.length;
    const age = Math.max(0, (this.ctx.now() - record.createdAt) / 1000);
    for (const { topic } of calls(record.data)) {
      const owner = [...sessions.values()].find((e) => ownsTopic(e.state, topic));
      // A topic none of the sessions knows: a chain older than their histories (stale) when the transaction is
      // 1:1 only; with a group in it, the topic may be the group's, which is not ours to judge here.
      if (!owner) {
        if (onlySessions) return true;
        continue;
      }
      if (isOutsidePeerWindow(owner.state, topic, age)) return true;
    }
    return false;
  }

  /** Re-encrypts the record's messages on their sessions' current chains (see the class comment). */
  async reencrypt(record: PendingRecord): Promise<Refreshed> {
    const { ctx } = this;
    return ctx.sessions.withSessions(record.conversationIds, async () => {
      const sessions = await this.sessionsOf(record);
      const items = await Promise.all(record.itemIds.map((id) => ctx.store.messages.get(id)));
      const messages = items.filter((m): m is MessageRecord => m !== null && m.direction === "out");
      const direct = messages.every((m) => sessions.has(m.conversationId));
      if (messages.length !== calls(record.data).length || !direct) {
        return { kind: "undeliverable", reason: "the peer no longer reads the chain this was encrypted on, and it carries group or control data" };
      }
      const head = await getBlockNumber(ctx.publicClient, { cacheTime: 0 });
      const working = new Map<Hex, { record: SessionEntry["record"]; state: ConversationState }>();
      for (const [id, entry] of sessions) working.set(id, { record: entry.record, state: entry.state });
      // Each body names the message it re-sends: the receiver keeps one message whatever became of the first copy.
      const bodies = messages.map((m) => ({ conversationId: m.conversationId, body: encodeResent(m.id as Hex, m.body) }));
      const encrypted = await encryptDirect(ctx, working, bodies, head);
      const data = hexToBytes(
        encrypted.length === 1 ? encodePackedCall({ kind: "message", ...encrypted[0]! }) : encodePackedCall({ kind: "batch", messages: encrypted }),
      );
      const now = ctx.now();
      const next: PendingRecord = {
        ...record,
        data,
        status: "preparing",
        txHash: null,
        previousTxHashes: record.txHash && !record.previousTxHashes.includes(record.txHash) ? [...record.previousTxHashes, record.txHash] : record.previousTxHashes,
        nonce: null,
        sentAtBlock: head,
        blockNumber: null,
        blockHash: null,
        error: null,
        // The age that isOutsidePeerWindow measures is the age of these new bytes.
        createdAt: now,
        updatedAt: now,
      };
      const saved = [...working.entries()].map(([conversationId, { record: previous, state }]) => ({
        state,
        record: ctx.sessions.nextRecord(previous, { conversationId, peer: previous.peer, state, now }),
      }));
      await ctx.store.transaction(async (tx) => {
        for (const { record: session } of saved) await tx.sessions.save(session);
        await tx.pending.save(next);
        for (const message of messages) await tx.messages.update(message.id, { status: "preparing", txHash: null, blockNumber: null, blockHash: null });
      });
      for (const { record: session, state } of saved) ctx.sessions.adopt(session, state);
      return { kind: "reencrypted", record: next };
    });
  }

  private async sessionsOf(record: PendingRecord): Promise<Map<Hex, SessionEntry>> {
    const out = new Map<Hex, SessionEntry>();
    for (const id of record.conversationIds) {
      const entry = await this.ctx.sessions.get(id);
      if (entry) out.set(id, entry);
    }
    return out;
  }
}

function calls(data: Uint8Array): readonly { topic: Hex }[] {
  const call = decodePackedCall(data);
  return call.kind === "message" ? [call] : call.kind === "batch" ? call.messages : [];
}

function ownsTopic(state: ConversationState, topic: Hex): boolean {
  const key = topic.toLowerCase();
  return state.ratchet.sending?.topic.toLowerCase() === key || (state.sentTopics ?? []).some((t) => t.toLowerCase() === key);
}
