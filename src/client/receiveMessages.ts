import { getBlock } from "viem/actions";
import { withRpcRetry } from "../chain/withRpcRetry.ts";
import { BLOCK_TIMESTAMP_CONCURRENCY } from "../constants.ts";
import type { Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { GroupMessageKeyUnavailableError } from "../errors/groupErrors.ts";
import { SenderNotAuthorizedError } from "../errors/handshakeErrors.ts";
import { AccountBlockedError, BindingNotCurrentError, ConversationUnavailableError } from "../errors/clientErrors.ts";
import { MessageKeyUnavailableError, UnknownTopicError } from "../errors/ratchetErrors.ts";
import type { GroupEvent } from "../group/GroupEvent.ts";
import type { GroupService } from "../group/GroupService.ts";
import { allowedSenders, bindingAllowsSender } from "../identity/bindingAllowsSender.ts";
import { peekPosition } from "../ratchet/peekPosition.ts";
import { ratchetDecrypt } from "../ratchet/ratchetDecrypt.ts";
import type { CursorRecord } from "../store/CursorStore.ts";
import type { MessageRecord, MessageUpdate } from "../store/MessageStore.ts";
import type { SessionRecord } from "../store/SessionStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { MessageView } from "./ClientEvents.ts";
import type { ConversationState, UnscannedTopic } from "./ConversationState.ts";
import { admitContent } from "../content/admitContent.ts";
import { textOf } from "../content/textOf.ts";
import { decodeMessageContent, decodeResent, GROUP_CONTROL, REKEY, RESENT } from "./messageContent.ts";
import { messageId } from "./messageId.ts";

type Owner = { kind: "direct"; conversationId: Hex } | { kind: "group"; groupId: Hex };

/**
 * Decrypts one sync step's message logs in chain order and commits the result with the cursor, atomically.
 *
 * Per 1:1 log: the topic resolves to a session (through the SessionManager's cache), the sender must be the peer
 * or one of its delegates (checked before any cryptography), then the ratchet decrypts on the working state. A
 * plaintext of content type 0x02 is group control: applied to the group unit of work, not shown; a sender key it
 * announces becomes an unscanned topic of that peer's session from this log's block (its first message is
 * usually in the same transaction). A log on a group topic is decrypted by the group unit of work, which checks
 * member, sender and signature itself.
 *
 * A key already used means a duplicate: the log is matched by position to the message it already produced; the
 * same log read again is silent, a reorged message is refreshed, a replay in a new transaction is reported.
 * Every other failure is reported with its typed reason and changes nothing.
 *
 * Runs holding the locks of every session and group it may write, and re-reads their states under the locks, so
 * a send that happened since the step was planned is never overwritten.
 */
export async function receiveMessages(
  ctx: ClientContext,
  groups: GroupService,
  logs: HushlogLog[],
  covered: ReadonlyMap<Hex, readonly UnscannedTopic[]>,
  cursor: CursorRecord,
): Promise<number> {
  const ordered = dedupe(logs);
  const owners = new Map<HushlogLog, Owner>();
  for (const log of ordered) {
    const entry = await ctx.sessions.resolveTopic(log.tag);
    const group = entry ? null : await groups.resolveTopic(log.tag.toLowerCase() as Hex);
    if (entry) owners.set(log, { kind: "direct", conversationId: entry.record.conversationId });
    else if (group) owners.set(log, { kind: "group", groupId: group.groupId });
    else ctx.reject(log, new UnknownTopicError());
  }
  const direct = [...owners.values()].flatMap((o) => (o.kind === "direct" ? [o.conversationId] : []));
  const groupIds = [...owners.values()].flatMap((o) => (o.kind === "group" ? [o.groupId] : []));
  const touched = [...new Set([...direct, ...covered.keys()])];
  const timestamps = await blockTimestamps(ctx, ordered.filter((log) => owners.has(log)));

  return ctx.sessions.withSessions([...touched, ...new Set(groupIds)], async () => {
    const working = new Map<Hex, { record: SessionRecord; state: ConversationState; changed: boolean }>();
    for (const id of touched) {
      const entry = await ctx.sessions.get(id);
      if (entry) working.set(id, { record: entry.record, state: entry.state, changed: false });
    }
    const work = groups.begin();
    const groupEvents: GroupEvent[] = [];
    const received: MessageRecord[] = [];
    /** Messages of held sessions (requests): kept, not announced until the user accepts. */
    const hidden = new Set<string>();
    const refreshed: { id: Hex; update: MessageUpdate }[] = [];
    const now = ctx.now();
    const record = (id: Hex, conversationId: Hex, sender: Hex, body: Uint8Array, log: HushlogLog): MessageRecord => ({
      id,
      conversationId,
      direction: "in",
      sender,
      body,
      status: "received",
      ...at(log),
      createdAt: now,
      timestamp: timestamps.get(log.blockNumber) ?? null,
      read: false,
    });
    // A used key: silent for the same log, refresh for a reorged message, report for a replay.
    const duplicate = async (log: HushlogLog, id: Hex | null, error: unknown) => {
      const known = id && (received.find((m) => m.id === id) ?? (await ctx.store.messages.get(id)));
      if (known && known.txHash === log.transactionHash && known.logIndex === log.logIndex && known.status !== "reorged") return;
      if (known?.status === "reorged") {
        refreshed.push({ id: id!, update: { status: "received", ...at(log), timestamp: timestamps.get(log.blockNumber) ?? known.timestamp } });
      } else {
        ctx.reject(log, error);
      }
    };

    // Processed as a queue: a sender key arriving over 1:1 mid-step brings that chain's logs into the step, in
    // chain order (see `catchUpNewChain`), so a member's message that precedes its removal on chain is read first.
    const queue = [...ordered];
    const seen = new Set(queue.map(logKey));
    for (let i = 0; i < queue.length; i++) {
      const log = queue[i]!;
      const owner = owners.get(log);
      if (owner?.kind === "group") {
        try {
          const got = await work.receiveMessage({ tag: log.tag, sender: log.sender, payload: log.payload });
          received.push(record(messageId(got.groupId, got.position.topic, got.position.iteration), got.groupId, got.sender, got.plaintext, log));
        } catch (error) {
          if (error instanceof GroupMessageKeyUnavailableError) await duplicate(log, messageId(owner.groupId, error.topic, error.iteration), error);
          else ctx.reject(log, error);
        }
        continue;
      }
      const current = owner && working.get(owner.conversationId);
      if (!owner || !current) continue;
      const peer = current.state.peer.binding;
      // Checked before any cryptography: who may post here, whether the user blocked them, whether the peer's device
      // is still authorised by its account.
      if (!bindingAllowsSender(peer, log.sender)) {
        ctx.reject(log, new SenderNotAuthorizedError({ sender: log.sender, account: peer.account }));
        continue;
      }
      if (await ctx.contacts.isBlocked(peer.account)) {
        ctx.reject(log, new AccountBlockedError(peer.account));
        continue;
      }
      if (current.state.status === "revoked") {
        ctx.reject(log, new BindingNotCurrentError(peer.account, "superseded"));
        continue;
      }
      // Ids come from the real conversation, even for a held (key-change) session, so accepting it moves its messages
      // by their conversation field alone.
      const idSpace = ctx.conversationWith(peer.account);
      try {
        const out = await ratchetDecrypt(current.state.ratchet, log.payload, { topic: log.tag, now: Math.floor(now / 1000), block: log.blockNumber });
        current.state = { ...current.state, ratchet: out.session };
        current.changed = true;
        // A re-key message (RewindGuard) advances the ratchet and shows nothing.
        if (out.plaintext[0] === REKEY) continue;
        if (out.plaintext[0] === GROUP_CONTROL) {
          // A stranger's held session carries no group control: nobody adds us to a group before we accept them.
          if (current.state.status === "request") ctx.reject(log, new ConversationUnavailableError(owner.conversationId, "request"));
          else await applyControl(current, out.plaintext, log, i);
          continue;
        }
        if (out.plaintext[0] === RESENT) {
          await resent(owner.conversationId, peer.account, out.plaintext, log);
          continue;
        }
        received.push(record(messageId(idSpace, out.position.topic, out.position.index), owner.conversationId, peer.account, out.plaintext, log));
        if (current.state.status === "request") hidden.add(received.at(-1)!.id);
      } catch (error) {
        if (!(error instanceof MessageKeyUnavailableError)) {
          ctx.reject(log, error);
          continue;
        }
        const position = peekPosition(current.state.ratchet, log.payload, log.tag);
        await duplicate(log, position && messageId(idSpace, position.topic, position.index), error);
      }
    }

    /**
     * A re-sent message is stored under the id of its first copy: refreshed if that copy was seen and reorged
     * away, ignored if it is here already, created otherwise. Only the peer's own incoming messages of this
     * conversation can be named (a peer can at most hide a message of its own).
     */
    async function resent(conversationId: Hex, sender: Hex, plaintext: Uint8Array, log: HushlogLog) {
      let original: { originalId: Hex; content: Uint8Array };
      try {
        original = decodeResent(plaintext);
      } catch (error) {
        ctx.reject(log, error);
        return;
      }
      const id = original.originalId;
      const known = received.find((m) => m.id === id) ?? (await ctx.store.messages.get(id));
      if (!known) return void received.push(record(id, conversationId, sender, original.content, log));
      if (known.conversationId !== conversationId || known.direction !== "in") return ctx.reject(log, new UnknownTopicError());
      if (known.status === "reorged" && !received.includes(known as MessageRecord)) {
        refreshed.push({ id, update: { status: "received", ...at(log), timestamp: timestamps.get(log.blockNumber) ?? known.timestamp } });
      }
    }

    async function applyControl(current: { state: ConversationState }, plaintext: Uint8Array, log: HushlogLog, at: number) {
      let events: GroupEvent[];
      try {
        events = (await work.receiveControl(current.state.peer.binding.account, plaintext)).events;
      } catch (error) {
        ctx.reject(log, error);
        return;
      }
      groupEvents.push(...events);
      for (const event of events) {
        if (event.type !== "senderKey") continue;
        // Also kept as unscanned: a failure below leaves the catch-up to the next step.
        current.state = { ...current.state, unscanned: [...current.state.unscanned, { topic: event.topic, fromBlock: log.blockNumber }] };
        await catchUpNewChain(event.topic, allowedSenders(current.state.peer.binding), event.groupId, log, at);
      }
    }

    /** Merges the new chain's logs from the carrying log's block up to the step's end into the queue, in order. */
    async function catchUpNewChain(topic: Hex, senders: Hex[], groupId: Hex, from: HushlogLog, at: number) {
      // Topic only, among decoy topics, senders checked here (issue 18): a sender filter would pair the member's
      // account with its new chain's topic in the provider's logs.
      const allowed = new Set(senders.map((s) => s.toLowerCase()));
      const { tags, real } = await ctx.decoys.withDecoyTopics([topic]);
      const fetched = await ctx.fetchLogs({ event: "Message", tags, fromBlock: from.blockNumber, toBlock: cursor.block });
      const logs = fetched.filter((log) => real.has(log.tag.toLowerCase()) && allowed.has(log.sender.toLowerCase()));
      // Their blocks' times too: the step's were read before this chain was known, and a message stored without
      // one keeps no post secret (admitContent), so its author's edits and deletes would be refused.
      const unseenBlocks = logs.filter((log) => !timestamps.has(log.blockNumber));
      for (const [block, time] of await blockTimestamps(ctx, unseenBlocks)) timestamps.set(block, time);
      for (const log of logs) {
        if (seen.has(logKey(log)) || compareLogs(log, from) <= 0) continue;
        seen.add(logKey(log));
        owners.set(log, { kind: "group", groupId });
        let j = at + 1;
        while (j < queue.length && compareLogs(queue[j]!, log) < 0) j++;
        queue.splice(j, 0, log);
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

    // Content rules (src/content): edits and deletes that may not change their target are dropped, post secrets kept.
    const content = await admitContent(ctx.store, received);
    for (const { message, error } of content.rejected) {
      ctx.reject(queue.find((log) => log.transactionHash === message.txHash && log.logIndex === message.logIndex)!, error);
    }
    received.splice(0, received.length, ...content.accepted);

    // Only sessions that really changed are written: a pass whose logs were all rejected changes nothing.
    const records = [...working.entries()].filter(([, w]) => w.changed).map(([conversationId, { record, state }]) => ({
      state,
      record: ctx.sessions.nextRecord(record, { conversationId, peer: record.peer, state, now, block: cursor.block }),
    }));
    await ctx.store.transaction(async (tx) => {
      for (const { record } of records) await tx.sessions.save(record);
      if (received.length) await tx.messages.putMany(received);
      if (content.secrets.length) await tx.putMsgSecrets(content.secrets);
      if (content.expiryCutoff !== null) await tx.deleteExpiredMsgSecrets(content.expiryCutoff);
      for (const { id, update } of refreshed) await tx.messages.update(id, update);
      await work.commit(tx);
      await tx.cursors.put(cursor);
    });
    for (const { record, state } of records) ctx.sessions.adopt(record, state);
    for (const event of groupEvents) ctx.emitter.emit("group", event);
    for (const message of received) if (!hidden.has(message.id)) ctx.emitter.emit("message", toView(message));
    for (const { id, update } of refreshed) {
      const conversationId = received.find((m) => m.id === id)?.conversationId ?? (await ctx.store.messages.get(id))?.conversationId;
      if (conversationId) ctx.emitter.emit("status", { id, conversationId, status: update.status! });
    }
    return received.length;
  });
}

function at(log: HushlogLog) {
  return { blockNumber: log.blockNumber, blockHash: log.blockHash, txHash: log.transactionHash, logIndex: log.logIndex };
}

const logKey = (log: HushlogLog) => `${log.transactionHash}:${log.logIndex}`;

function compareLogs(a: HushlogLog, b: HushlogLog): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

/** Chain order, each (transaction, log index) once: backfill and live reads may overlap. */
function dedupe(logs: HushlogLog[]): HushlogLog[] {
  const seen = new Set<string>();
  return logs
    .filter((log) => {
      if (seen.has(logKey(log))) return false;
      seen.add(logKey(log));
      return true;
    })
    .sort(compareLogs);
}

/**
 * Block timestamps for the blocks holding messages: one request per distinct block, at most
 * BLOCK_TIMESTAMP_CONCURRENCY at a time, each retried like a log read (rate limits, transient failures). A block
 * that still cannot be read fails the step, which the next pass repeats: no message is stored without its time
 * (issue 21: under rate limits 141 of 200 messages were stored without one, never repaired).
 */
async function blockTimestamps(ctx: ClientContext, logs: HushlogLog[]): Promise<Map<bigint, number>> {
  const blocks = [...new Set(logs.map((log) => log.blockNumber))];
  const out = new Map<bigint, number>();
  for (let i = 0; i < blocks.length; i += BLOCK_TIMESTAMP_CONCURRENCY) {
    await Promise.all(
      blocks.slice(i, i + BLOCK_TIMESTAMP_CONCURRENCY).map(async (blockNumber) => {
        const block = await withRpcRetry("eth_getBlockByNumber", () => getBlock(ctx.publicClient, { blockNumber }), { retry: ctx.retry });
        out.set(blockNumber, Number(block.timestamp));
      }),
    );
  }
  return out;
}

export function toView(message: MessageRecord): MessageView {
  const decoded = decodeMessageContent(message.body);
  return {
    id: message.id as Hex,
    conversationId: message.conversationId,
    direction: message.direction,
    sender: message.sender,
    content: textOf(decoded),
    decoded,
    status: message.status,
    txHash: message.txHash,
    blockNumber: message.blockNumber,
    timestamp: message.timestamp,
    createdAt: message.createdAt,
    read: message.read,
  };
}
