import { getBlockNumber } from "viem/actions";
import { bytesToHex, type Hex } from "viem";
import { BROADCAST_LEASE_SECONDS, MAX_REBROADCASTS, UNSEEN_TRANSACTION_BLOCKS } from "../constants.ts";
import { SubmissionOutcomeUnknownError } from "../errors/chainErrors.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import type { CiphertextRefresher } from "./CiphertextRefresher.ts";
import type { ClientContext } from "./ClientContext.ts";
import { PendingRecorder } from "./PendingRecorder.ts";
import type { FoundTransaction, TransactionFinder } from "./TransactionFinder.ts";

/**
 * The outbound-transaction lifecycle of DESIGN §2.6, keyed by transaction hash (or, for an EIP-5792 wallet, its
 * call id until the wallet reports the hash):
 *
 *   preparing -> submitted -> included -> confirmed -> final (record deleted)
 *   unknown (the broadcast's answer was lost) -> submitted when found on chain, failed after a grace period
 *   failed (never broadcast) · reverted (also: the inner call of a smart-account batch) · dropped -> re-broadcast
 *   replaced -> tracked or re-broadcast · reorged (from included OR confirmed) -> submitted, or re-broadcast
 *
 * "confirmed" is what the user sees as delivered; the record stays until the chain's finality rule says its
 * block cannot be undone, so a reorg deeper than the confirmation depth re-sends the same bytes instead of losing
 * the message (issue 21). Nothing that may already be on chain is broadcast again without looking for it first:
 * a transaction whose nonce we never learnt is found by hash, by sender and calldata, and by its own logs
 * (TransactionFinder), and is only taken for dropped after UNSEEN_TRANSACTION_BLOCKS without a trace.
 *
 * Every broadcast sends the record's exact calldata (a copy landing twice is dropped by the receiver), except
 * when the peer may no longer read it (CiphertextRefresher). Transitions are written by PendingRecorder.
 */
export class PendingManager {
  private readonly ctx: ClientContext;
  private readonly broadcasting = new Set<string>();
  /**
   * Records whose broadcast by this client stopped on an error before an outcome was written (still `preparing`):
   * ours, not another client's in flight, so no lease keeps them waiting.
   */
  private readonly interrupted = new Set<string>();
  private readonly refresher: CiphertextRefresher;
  private readonly finder: TransactionFinder;
  private readonly recorder: PendingRecorder;
  /** Called once a record's transaction is included (after that is committed), e.g. to mark distributions. */
  afterIncluded: ((record: PendingRecord) => Promise<void>) | null = null;
  /** Called when a record becomes confirmed (after that is committed), with its block's timestamp when known. */
  afterConfirmed: ((record: PendingRecord, timestamp: number | null) => Promise<void>) | null = null;
  /**
   * Called before each broadcast; its error fails the broadcast with that reason (e.g. a handshake whose sender's
   * binding publication cannot be sent: receivers would refuse it, so it is not sent either).
   */
  beforeBroadcast: ((record: PendingRecord) => Promise<void>) | null = null;

  constructor(ctx: ClientContext, collaborators: { refresher: CiphertextRefresher; finder: TransactionFinder }) {
    this.ctx = ctx;
    this.refresher = collaborators.refresher;
    this.finder = collaborators.finder;
    this.recorder = new PendingRecorder(ctx, (record) => this.afterIncluded?.(record) ?? Promise.resolve());
  }

  /**
   * Broadcasts a `preparing`, `dropped`, `failed`, `reverted` or cancelled `replaced` record's calldata. A record
   * sent before (or `lookFirst`, after a restart) is first looked for on chain: it may have landed meanwhile.
   */
  async broadcast(id: string, { lookFirst = false }: { lookFirst?: boolean } = {}): Promise<PendingRecord | null> {
    if (this.broadcasting.has(id)) return null;
    this.broadcasting.add(id);
    this.interrupted.delete(id);
    try {
      let record = await this.ctx.store.pending.get(id);
      if (!record) return null;
      // Sent before (a retry, a re-broadcast): it may have landed meanwhile under any hash. Follow it if so.
      if (record.attempts > 0 || lookFirst) {
        const landed = await this.finder.findLanded(record);
        if (landed) return await this.follow(record, landed);
      }
      if (await this.refresher.stale(record)) {
        // Old bytes the peer may no longer read (and, checked above, not on chain): re-encrypt on the current chain.
        const refreshed = await this.refresher.reencrypt(record);
        if (refreshed.kind === "undeliverable") return await this.recorder.transition(record, "failed", { error: refreshed.reason });
        record = refreshed.record;
      }
      // Where a later search for this broadcast starts; the record's last value when the head cannot be read.
      const head = await getBlockNumber(this.ctx.publicClient, { cacheTime: 0 }).catch(() => record.sentAtBlock);
      let submitted: Awaited<ReturnType<ClientContext["executor"]["send"]>>;
      try {
        await this.beforeBroadcast?.(record);
        submitted = await this.ctx.executor.send(bytesToHex(record.data));
      } catch (error) {
        // The answer was lost, not a refusal: the chain decides (tick looks for it), never a blind retry.
        if (error instanceof SubmissionOutcomeUnknownError) {
          return await this.recorder.transition(record, "unknown", {
            ...(head === null ? {} : { sentAtBlock: head }),
            attempts: record.attempts + 1,
            callsId: error.callsId,
            error: publicMessage(error),
          });
        }
        return await this.recorder.transition(record, "failed", { error: publicMessage(error) });
      }
      // A re-broadcast of identical bytes under a freed nonce has the same hash: record each hash once.
      const previousTxHashes =
        record.txHash && record.txHash !== submitted.hash ? [...record.previousTxHashes, record.txHash] : record.previousTxHashes;
      return await this.recorder.transition(record, "submitted", {
        txHash: submitted.hash,
        nonce: submitted.nonce,
        callsId: submitted.callsId,
        sentAtBlock: submitted.sentAtBlock,
        previousTxHashes,
        attempts: record.attempts + 1,
        blockNumber: null,
        blockHash: null,
        error: null,
      });
    } catch (error) {
      this.interrupted.add(id);
      throw error;
    } finally {
      this.broadcasting.delete(id);
    }
  }

  /**
   * After a restart: records still `preparing` were committed (ciphertext, ratchet step) but maybe never
   * broadcast, or broadcast without their hash being recorded: `broadcast` looks for them on chain first. Only past
   * their lease: until then another client on this store may be broadcasting them right now.
   */
  async recover(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      if (record.status === "preparing" && !this.leased(record)) await this.broadcast(record.id, { lookFirst: true });
    }
  }

  /** Whether a `preparing` record may still be in another client's broadcast (BROADCAST_LEASE_SECONDS). */
  private leased(record: PendingRecord): boolean {
    return this.ctx.now() - record.updatedAt < BROADCAST_LEASE_SECONDS * 1000;
  }

  /** Checks every broadcast record against the chain once and applies what changed. Called after each sync pass. */
  async tick(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      // One record's failure (an RPC error mid-check) is reported and retried next pass; it neither stops the
      // others nor fails the sync pass whose messages are already committed.
      await this.tickOne(record).catch((error) => this.ctx.emitter.emit("error", { error }));
    }
  }

  private async tickOne(record: PendingRecord): Promise<void> {
    switch (record.status) {
      case "unknown":
        return this.checkUnknown(record);
      // A broadcast interrupted before its outcome was written (an RPC failure, a crash): never left waiting once its
      // lease is over; before that it may be another client's (a sender process beside a watcher, another tab).
      case "preparing":
        if (!this.broadcasting.has(record.id) && (this.interrupted.has(record.id) || !this.leased(record))) await this.broadcast(record.id, { lookFirst: true });
        return;
      case "dropped":
        return this.rebroadcastOrFail(record.id);
      case "replaced":
        // Cancelled (its nonce went to other calldata): send again; a followed speed-up: check the replacement.
        if (record.error !== null || !record.txHash) return this.rebroadcastOrFail(record.id);
        return this.check(record);
      case "submitted":
      case "included":
      case "confirmed":
      case "reorged":
        if (record.txHash) return this.check(record);
        if (record.callsId) return this.checkCalls(record);
        return;
      case "failed":
      case "reverted":
        return; // shown as failed; the user retries
    }
  }

  /**
   * Learns the hashes of EIP-5792 calls the wallet has mined. Run before a sync pass reads the chain: a response
   * to our handshake is only matched against a handshake whose transaction is known.
   */
  async resolveCalls(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      if (record.status === "submitted" && !record.txHash && record.callsId) await this.checkCalls(record);
    }
  }

  /** A broadcast whose answer was lost: found (by call id, hash, calldata or logs), or failed after a grace period. */
  private async checkUnknown(record: PendingRecord): Promise<void> {
    if (record.callsId) return this.checkCalls(record);
    const found = await this.finder.find(record);
    if (found) return void (await this.follow(record, found));
    if (await this.unseenLongEnough(record)) {
      await this.recorder.transition(record, "failed", { error: `not found on chain ${UNSEEN_TRANSACTION_BLOCKS} blocks after the lost answer: safe to retry` });
    }
  }

  /** An EIP-5792 batch: the wallet's status first; its transaction hash, once reported, is then probed as usual. */
  private async checkCalls(record: PendingRecord): Promise<void> {
    const status = await this.ctx.executor.callsStatus(record.callsId!).catch(() => null);
    if (status?.hash) {
      const next = await this.recorder.transition(record, "submitted", { txHash: status.hash, nonce: null });
      return this.check(next);
    }
    if (status?.status === "failed") return void (await this.recorder.transition(record, "failed", { error: `the wallet reported the calls failed (${status.statusCode})` }));
    if (status?.status === "reverted") return void (await this.recorder.transition(record, "reverted", { error: `the wallet reported the calls reverted (${status.statusCode})` }));
    if (status?.status === "pending") return;
    // The wallet forgot the id or does not answer: what is on chain decides.
    await this.checkUnknown({ ...record, callsId: null });
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
    const { recorder } = this;
    switch (probe.state) {
      case "pending":
        if (record.nonce === null) return this.checkWithoutNonce(record);
        if (record.status !== "submitted") await recorder.transition(record, "submitted", { blockNumber: null, blockHash: null });
        return;
      case "included":
        if (record.status !== "included" || record.blockHash !== probe.blockHash) {
          await recorder.transition(record, "included", { blockNumber: probe.blockNumber, blockHash: probe.blockHash }, probe.timestamp);
        }
        return;
      case "confirmed":
      case "final": {
        // Every record passes through `included` and `confirmed`, even when it was deeper at its first check.
        const at = { blockNumber: probe.blockNumber, blockHash: probe.blockHash };
        if (record.status !== "included" && !(record.status === "confirmed" && record.blockHash === probe.blockHash)) {
          record = await recorder.transition(record, "included", at, probe.timestamp);
        }
        if (record.status !== "confirmed") {
          await recorder.transition(record, "confirmed", at, probe.timestamp);
          // Again after a reorg re-included it: the callbacks record the block's time, which may have changed.
          await this.afterConfirmed?.(record, probe.timestamp).catch((error) => this.ctx.emitter.emit("error", { error }));
        }
        if (probe.state === "final") await recorder.finalize(record, probe.blockNumber, probe.blockHash, probe.timestamp);
        return;
      }
      case "reverted":
        await recorder.transition(record, "reverted", { blockNumber: probe.blockNumber, blockHash: probe.blockHash, error: probe.reason ?? "transaction reverted" });
        return;
      case "reorged":
        await recorder.transition(record, "reorged", { blockNumber: null, blockHash: null });
        return;
      case "dropped":
        await recorder.transition(record, "dropped", {});
        await this.rebroadcastOrFail(record.id);
        return;
      case "replaced":
        if (probe.sameCalldata && probe.replacement) {
          // A wallet speed-up: the same bytes under a new hash. Follow the replacement.
          await this.follow(record, { hash: probe.replacement, nonce: record.nonce, pending: true });
        } else {
          // Cancelled: the nonce went to other calldata. Our message is not on chain; send it again.
          await recorder.transition(record, "replaced", { error: `nonce taken by ${probe.replacement}` });
          await this.rebroadcastOrFail(record.id);
        }
        return;
    }
  }

  /**
   * No canonical receipt for a hash whose nonce we do not know (lost lookups, a wallet's own RPC, a bundler): look
   * for the transaction elsewhere before calling it dropped, and learn its nonce when our node shows it.
   */
  private async checkWithoutNonce(record: PendingRecord): Promise<void> {
    const found = await this.finder.find(record);
    if (found && (found.hash !== record.txHash || found.nonce !== null)) return void (await this.follow(record, found));
    if (found) {
      if (record.status !== "submitted") await this.recorder.transition(record, "submitted", { blockNumber: null, blockHash: null });
      return;
    }
    if (await this.unseenLongEnough(record)) {
      await this.recorder.transition(record, "dropped", { blockNumber: null, blockHash: null });
      await this.rebroadcastOrFail(record.id);
    } else if (record.status !== "submitted") {
      await this.recorder.transition(record, "submitted", { blockNumber: null, blockHash: null });
    }
  }

  /** Tracks `found` from now on (a speed-up, a copy found by its logs, a nonce learnt late); probed at once. */
  private async follow(record: PendingRecord, found: FoundTransaction): Promise<PendingRecord> {
    const moved = record.txHash !== null && record.txHash !== found.hash;
    if (moved) await this.recorder.transition(record, "replaced", { txHash: found.hash, previousTxHashes: [...record.previousTxHashes, record.txHash!] });
    const next = await this.recorder.transition({ ...record, txHash: found.hash }, "submitted", {
      txHash: found.hash,
      nonce: found.nonce,
      callsId: null,
      blockNumber: null,
      blockHash: null,
      error: null,
    });
    if (!found.pending) await this.check(next);
    return (await this.ctx.store.pending.get(record.id)) ?? next;
  }

  private async unseenLongEnough(record: PendingRecord): Promise<boolean> {
    if (record.sentAtBlock === null) return true;
    const head = await getBlockNumber(this.ctx.publicClient, { cacheTime: 0 });
    return head - record.sentAtBlock >= UNSEEN_TRANSACTION_BLOCKS;
  }

  private async rebroadcastOrFail(id: string): Promise<void> {
    const record = await this.ctx.store.pending.get(id);
    if (!record) return;
    if (record.attempts > MAX_REBROADCASTS) {
      await this.recorder.transition(record, "failed", { error: `gave up after ${record.attempts} broadcasts` });
      return;
    }
    await this.broadcast(id);
  }
}

/** An error's short public message (never its cause chain, which may hold request bodies). */
function publicMessage(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e?.shortMessage ?? e?.message ?? String(error)).split("\n")[0]!.slice(0, 200);
}
