import { getBlockNumber, getTransaction } from "viem/actions";
import { bytesToHex, type Hex } from "viem";
import { decodePackedCall } from "../chain/decodePackedCall.ts";
import { MAX_REBROADCASTS } from "../constants.ts";
import type { MessageStatus } from "../store/MessageStore.ts";
import type { PendingRecord, PendingStatus, PendingUpdate } from "../store/PendingStore.ts";
import type { CiphertextRefresher } from "./CiphertextRefresher.ts";
import type { ClientContext } from "./ClientContext.ts";

/**
 * The outbound-transaction lifecycle of DESIGN §2.6, keyed by transaction hash:
 *
 *   preparing -> submitted -> included -> confirmed -> final (record deleted)
 *   failed (never broadcast) · reverted · dropped -> re-broadcast · replaced -> tracked or re-broadcast
 *   reorged (from included OR confirmed) -> submitted again, or re-broadcast when the chain lost it
 *
 * "confirmed" is what the user sees as delivered; the record stays until the chain's finality rule says its
 * block cannot be undone, so a reorg deeper than the confirmation depth re-sends the same bytes instead of losing
 * the message (issue 21).
 *
 * A record is written as `preparing`, together with the ratchet step that produced its ciphertext, before
 * anything is broadcast (callers do that in their store transaction). Every broadcast — first, after a drop, a
 * cancelling replacement, a crash, or a user's retry — sends the record's exact calldata: a ciphertext is never
 * re-encrypted, and the receiver drops the duplicate if two copies land. Every transition is written to the store
 * (with the carried messages' statuses, in one transaction) and then emitted as a `pending` event.
 */
export class PendingManager {
  private readonly ctx: ClientContext;
  private readonly broadcasting = new Set<string>();
  /** Called once a record's transaction is included (after that is committed), e.g. to mark distributions. */
  afterIncluded: ((record: PendingRecord) => Promise<void>) | null = null;
  /** Called when a record becomes confirmed (after that is committed), with its block's timestamp when known. */
  afterConfirmed: ((record: PendingRecord, timestamp: number | null) => Promise<void>) | null = null;
  /**
   * Called before each broadcast; its error fails the broadcast with that reason (e.g. a handshake whose sender's
   * binding publication cannot be sent: receivers would refuse it, so it is not sent either).
   */
  beforeBroadcast: ((record: PendingRecord) => Promise<void>) | null = null;

  private readonly refresher: CiphertextRefresher;

  constructor(ctx: ClientContext, refresher: CiphertextRefresher) {
    this.ctx = ctx;
    this.refresher = refresher;
  }

  /** Broadcasts a `preparing`, `dropped`, `failed`, `reverted` or cancelled `replaced` record's calldata. */
  async broadcast(id: string): Promise<PendingRecord | null> {
    if (this.broadcasting.has(id)) return null;
    this.broadcasting.add(id);
    try {
      let record = await this.ctx.store.pending.get(id);
      if (!record) return null;
      if (await this.refresher.stale(record)) {
        // Old bytes the peer may no longer read: follow them if they did land after all, else re-encrypt.
        const landed = await this.findLanded(record);
        if (landed) return await this.transition(record, "submitted", { txHash: landed.hash, nonce: landed.nonce, blockNumber: null, blockHash: null, error: null });
        const refreshed = await this.refresher.reencrypt(record);
        if (refreshed.kind === "undeliverable") return await this.transition(record, "failed", { error: refreshed.reason });
        record = refreshed.record;
      }
      let submitted: { hash: Hex; nonce: number | null; sentAtBlock: bigint };
      try {
        await this.beforeBroadcast?.(record);
        submitted = await this.ctx.executor.send(bytesToHex(record.data));
      } catch (error) {
        return await this.transition(record, "failed", { error: publicMessage(error) });
      }
      // A re-broadcast of identical bytes under a freed nonce has the same hash: record each hash once.
      const previousTxHashes =
        record.txHash && record.txHash !== submitted.hash ? [...record.previousTxHashes, record.txHash] : record.previousTxHashes;
      return await this.transition(record, "submitted", {
        txHash: submitted.hash,
        nonce: submitted.nonce,
        sentAtBlock: submitted.sentAtBlock,
        previousTxHashes,
        attempts: record.attempts + 1,
        blockNumber: null,
        blockHash: null,
        error: null,
      });
    } finally {
      this.broadcasting.delete(id);
    }
  }

  /**
   * After a restart: records still `preparing` were committed (ciphertext, ratchet step) but maybe never
   * broadcast, or broadcast without their hash being recorded. Broadcasting the same bytes again is safe either
   * way: at worst two copies land and the receiver drops one.
   */
  async recover(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      if (record.status !== "preparing") continue;
      const landed = await this.findLanded(record);
      if (landed) await this.transition(record, "submitted", { txHash: landed.hash, nonce: landed.nonce, attempts: record.attempts + 1 });
      else await this.broadcast(record.id);
    }
  }

  /**
   * A `preparing` record's transaction may have reached the chain before the crash (broadcast, then killed before
   * the hash was written). Look for our own logs carrying its payloads since `sentAtBlock`, so recovery follows
   * that transaction instead of putting a second copy on chain.
   */
  private async findLanded(record: PendingRecord): Promise<{ hash: Hex; nonce: number | null } | null> {
    if (record.sentAtBlock === null) return null;
    const call = decodePackedCall(record.data);
    const query =
      call.kind === "message"
        ? { event: "Message" as const, tags: [call.topic], payloads: [call.payload] }
        : call.kind === "batch"
          ? { event: "Message" as const, tags: [...new Set(call.messages.map((m) => m.topic))], payloads: call.messages.map((m) => m.payload) }
          : call.kind === "handshake"
            ? { event: "Handshake" as const, tags: [call.recipientTag], payloads: [call.payload] }
            : call.kind === "response"
              ? { event: "HandshakeResponse" as const, tags: [call.responseTag], payloads: [call.payload] }
              : call.kind === "prekeys"
                ? { event: "Prekeys" as const, tags: undefined, payloads: [call.bundle] }
                : { event: "Binding" as const, tags: undefined, payloads: [call.binding] };
    const head = await getBlockNumber(this.ctx.publicClient, { cacheTime: 0 });
    const logs = await this.ctx.fetchLogs({ event: query.event, tags: query.tags, senders: [this.ctx.sender], fromBlock: record.sentAtBlock, toBlock: head });
    const first = query.payloads[0]!;
    const log = logs.find((l) => l.payload.length === first.length && l.payload.every((b, i) => b === first[i]));
    if (!log) return null;
    const tx = await getTransaction(this.ctx.publicClient, { hash: log.transactionHash }).catch(() => null);
    const ownNonce = tx !== null && tx.from.toLowerCase() === this.ctx.sender.toLowerCase();
    return { hash: log.transactionHash, nonce: ownNonce ? tx.nonce : null };
  }

  /** Checks every broadcast record against the chain once and applies what changed. Called after each sync pass. */
  async tick(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      if (record.txHash && (record.status === "submitted" || record.status === "included" || record.status === "confirmed" || record.status === "reorged")) {
        await this.check(record);
      }
    }
  }

  private async check(record: PendingRecord): Promise<void> {
    const probe = await this.ctx.probeTransaction({
      hash: record.txHash!,
      nonce: record.nonce,
      sentAtBlock: record.sentAtBlock,
      data: bytesToHex(record.data),
      confirmations: this.ctx.confirmations,
      block: record.blockNumber !== null && record.blockHash !== null ? { number: record.blockNumber, hash: record.blockHash } : null,
    });
    switch (probe.state) {
      case "pending":
        if (record.status !== "submitted") await this.transition(record, "submitted", { blockNumber: null, blockHash: null });
        return;
      case "included":
        if (record.status !== "included" || record.blockHash !== probe.blockHash) {
          await this.transition(record, "included", { blockNumber: probe.blockNumber, blockHash: probe.blockHash }, probe.timestamp);
        }
        return;
      case "confirmed":
      case "final": {
        // Every record passes through `included` and `confirmed`, even when it was deeper at its first check.
        const at = { blockNumber: probe.blockNumber, blockHash: probe.blockHash };
        if (record.status !== "included" && !(record.status === "confirmed" && record.blockHash === probe.blockHash)) {
          record = await this.transition(record, "included", at, probe.timestamp);
        }
        if (record.status !== "confirmed") await this.confirm(record, at, probe.timestamp);
        if (probe.state === "final") await this.finalize(record, probe.blockNumber, probe.blockHash, probe.timestamp);
        return;
      }
      case "reverted":
        await this.transition(record, "reverted", { blockNumber: probe.blockNumber, blockHash: probe.blockHash, error: "transaction reverted" });
        return;
      case "reorged":
        await this.transition(record, "reorged", { blockNumber: null, blockHash: null });
        return;
      case "dropped":
        await this.transition(record, "dropped", {});
        await this.rebroadcastOrFail(record.id);
        return;
      case "replaced":
        if (probe.sameCalldata && probe.replacement) {
          // A wallet speed-up: the same bytes under a new hash. Follow the replacement.
          await this.transition(record, "replaced", { txHash: probe.replacement, previousTxHashes: [...record.previousTxHashes, record.txHash!] });
          const updated = await this.ctx.store.pending.get(record.id);
          if (updated) await this.transition(updated, "submitted", {});
        } else {
          // Cancelled: the nonce went to other calldata. Our message is not on chain; send it again.
          await this.transition(record, "replaced", { error: `nonce taken by ${probe.replacement}` });
          await this.rebroadcastOrFail(record.id);
        }
        return;
    }
  }

  private async rebroadcastOrFail(id: string): Promise<void> {
    const record = await this.ctx.store.pending.get(id);
    if (!record) return;
    if (record.attempts > MAX_REBROADCASTS) {
      await this.transition(record, "failed", { error: `gave up after ${record.attempts} broadcasts` });
      return;
    }
    await this.broadcast(id);
  }

  /** Confirmed: shown as delivered, still watched (the record stays) until final. */
  private async confirm(record: PendingRecord, at: { blockNumber: bigint; blockHash: Hex }, timestamp: number | null): Promise<void> {
    await this.transition(record, "confirmed", at, timestamp);
    // Again after a reorg re-included it: the callbacks record the block's time, which may have changed.
    if (this.afterConfirmed) await this.afterConfirmed(record, timestamp).catch((error) => this.ctx.emitter.emit("error", { error }));
  }

  /** Final: the record is deleted and its messages (or handshake) marked final, atomically. */
  private async finalize(record: PendingRecord, blockNumber: bigint, blockHash: Hex, timestamp: number | null): Promise<void> {
    const changes = await this.ctx.store.transaction(async (tx) => {
      await tx.pending.delete(record.id);
      return this.updateItems(tx, record, "final", { blockNumber, blockHash, timestamp });
    });
    this.emit(record, "final", { txHash: record.txHash, error: null }, changes);
  }

  private async transition(record: PendingRecord, status: PendingStatus, update: PendingUpdate, timestamp?: number | null) {
    const changes = await this.ctx.store.transaction(async (tx) => {
      await tx.pending.updateStatus(record.id, status, update);
      return this.updateItems(tx, record, messageStatusFor(status), {
        txHash: update.txHash ?? record.txHash,
        blockNumber: update.blockNumber === undefined ? record.blockNumber : update.blockNumber,
        blockHash: update.blockHash === undefined ? record.blockHash : update.blockHash,
        timestamp: timestamp ?? null,
      });
    });
    const next = { ...record, ...update, status };
    this.emit(next, status, next, changes);
    if (status === "included" && this.afterIncluded) {
      await this.afterIncluded(next).catch((error) => this.ctx.emitter.emit("error", { error }));
    }
    return next;
  }

  /** Messages follow their transaction; a handshake records the block that included it (responses need it). */
  private async updateItems(
    tx: ClientContext["store"],
    record: PendingRecord,
    status: MessageStatus | null,
    at: { txHash?: Hex | null; blockNumber: bigint | null; blockHash: Hex | null; timestamp: number | null },
  ): Promise<StatusChange[]> {
    if (record.kind === "handshake") {
      for (const id of record.itemIds) {
        const handshake = await tx.pendingHandshakes.get(id);
        if (!handshake) continue;
        const includedBlock = status === "included" || status === "confirmed" || status === "final" ? at.blockNumber : null;
        await tx.pendingHandshakes.save({ ...handshake, txHash: at.txHash ?? handshake.txHash, includedBlock });
      }
      return [];
    }
    const changes: StatusChange[] = [];
    if (record.kind !== "message" || status === null) return changes;
    for (const id of record.itemIds) {
      const message = await tx.messages.get(id);
      if (!message) continue;
      await tx.messages.update(id, {
        status,
        txHash: at.txHash ?? message.txHash,
        blockNumber: at.blockNumber,
        blockHash: at.blockHash,
        timestamp: at.timestamp ?? message.timestamp,
      });
      changes.push({ id: id as Hex, conversationId: message.conversationId, status });
    }
    return changes;
  }

  /** Emitted only after the transaction committed, so listeners never see a state the store does not have. */
  private emit(
    record: PendingRecord,
    status: PendingStatus | "final",
    at: { txHash: Hex | null; error: string | null },
    changes: StatusChange[],
  ): void {
    for (const change of changes) this.ctx.emitter.emit("status", change);
    this.ctx.emitter.emit("pending", {
      id: record.id,
      kind: record.kind,
      status,
      txHash: at.txHash,
      conversationIds: record.conversationIds,
      itemIds: record.itemIds,
      error: at.error,
    });
  }
}

function messageStatusFor(status: PendingStatus | "final"): MessageStatus | null {
  switch (status) {
    case "preparing":
    case "submitted":
    case "included":
    case "failed":
    case "reverted":
    case "dropped":
    case "reorged":
    case "confirmed":
    case "final":
      return status;
    case "replaced":
      return "submitted";
  }
}

/** An error's short public message (never its cause chain, which may hold request bodies). */
function publicMessage(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e?.shortMessage ?? e?.message ?? String(error)).split("\n")[0]!.slice(0, 200);
}

type StatusChange = { id: Hex; conversationId: Hex; status: MessageStatus };
