import { getBlock } from "viem/actions";
import { isAddressEqual, type Address, type Hex } from "viem";
import { LIVE_QUERY_MAX_BLOCKS, RECENT_BLOCKS_KEPT, REORG_MESSAGE_WINDOW, SYNC_RANGE_BLOCKS } from "../constants.ts";
import type { HushlogEventName, HushlogLog } from "../chain/HushlogLog.ts";
import { AbortedError } from "../errors/chainErrors.ts";
import { planMessageQueries } from "./planMessageQueries.ts";
import { recipientTag } from "../handshake/recipientTag.ts";
import { PREKEY_HANDSHAKE_TAG } from "../wire/prekeyHandshakePayload.ts";
import { SEALED_HANDSHAKE_TAG } from "../wire/sealedHandshakePayload.ts";
import { openSealedHandshakes } from "../handshake/sealHandshake.ts";
import type { CursorRecord } from "../store/CursorStore.ts";
import type { ClientContext, LogQuery } from "./ClientContext.ts";
import type { SyncProgress } from "./ClientEvents.ts";
import type { HandshakeManager } from "./HandshakeManager.ts";
import type { GroupService } from "../group/GroupService.ts";
import { StoreConflictError } from "../errors/storeErrors.ts";
import { GroupStateConflictError } from "../errors/groupErrors.ts";
import type { PendingManager } from "./PendingManager.ts";
import type { PrekeyManager } from "./PrekeyManager.ts";
import { receiveMessages } from "./receiveMessages.ts";
import { applyBindingChanges } from "./applyBindingChanges.ts";
import type { OwnBinding } from "./OwnBinding.ts";
import { allowedSenders } from "../identity/bindingAllowsSender.ts";
import { throwIfAborted } from "../chain/withRpcRetry.ts";

export type SyncOptions = {
  toBlock?: bigint;
  onProgress?: (progress: SyncProgress) => void;
  /** Stops the pass before its next request; the pass then rejects with AbortedError (committed steps stay). */
  signal?: AbortSignal;
};
export type SyncResult = { fromBlock: bigint; toBlock: bigint; messages: number };

/**
 * One engine for backfill and live updates: each pass reads from the persistent cursor to the chain head in
 * bounded steps, and `watch` simply runs passes as blocks arrive, so both paths share one ordered,
 * de-duplicated stream. A step reads, in this order:
 *   1. handshakes addressed to us and responses from the accounts we addressed (may create sessions);
 *   2. messages on every session's inbound topics for the step, plus catch-up ranges for topics that earlier
 *      steps could not query (new sessions, topics announced by our own sends meanwhile);
 * then decrypts under the sessions' locks and commits ratchet states, received messages and the cursor in ONE
 * store transaction. A crash therefore either keeps a step entirely or repeats it, and a repeated log is
 * recognised by its ratchet position, never shown twice. Reorgs are found by re-checking the hash of the last
 * processed block; the cursor then rewinds to the fork and affected messages are marked `reorged` until their
 * logs are seen again.
 */
export class SyncEngine {
  private readonly ctx: ClientContext;
  private readonly handshakes: HandshakeManager;
  private readonly pending: PendingManager;
  private readonly groups: GroupService;
  private readonly prekeys: PrekeyManager;
  private readonly own: OwnBinding;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: ClientContext,
    managers: { handshakes: HandshakeManager; pending: PendingManager; groups: GroupService; prekeys: PrekeyManager; own: OwnBinding },
  ) {
    this.ctx = ctx;
    this.handshakes = managers.handshakes;
    this.pending = managers.pending;
    this.groups = managers.groups;
    this.prekeys = managers.prekeys;
    this.own = managers.own;
  }

  /** Runs one pass to `toBlock` (default: head). Passes never overlap; a call made during one runs after it. */
  sync(options: SyncOptions = {}): Promise<SyncResult> {
    const run = this.queue.then(() => this.pass(options));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Resolves when no pass is running or queued. */
  idle(): Promise<void> {
    return this.queue.then(() => {});
  }

  private get cursorKey(): string {
    return syncCursorKey(this.ctx.chainId, this.ctx.contract);
  }

  private async pass({ toBlock, onProgress, signal }: SyncOptions): Promise<SyncResult> {
    const { ctx } = this;
    throwIfAborted(signal);
    // Another tab or process may have blocked or unblocked someone since the last pass.
    await ctx.contacts.refresh();
    await this.pending.resolveCalls();
    const stored = (await ctx.store.cursors.get(this.cursorKey)) ?? { key: this.cursorKey, block: ctx.deployBlock - 1n, recentBlocks: [], updatedAt: 0 };
    // The head block itself (not only its number): its hash and parent answer the reorg check and the step's
    // end hash for free in the live case, so a poll costs 1 request idle and about 3 with new blocks.
    const latest = toBlock === undefined ? await getBlock(ctx.publicClient, { blockTag: "latest" }) : null;
    const head = toBlock ?? latest!.number!;
    const known = latest?.hash ? [{ number: head, hash: latest.hash }, { number: head - 1n, hash: latest.parentHash }] : [];
    let cursor = await this.checkReorg(stored, known);
    const startBlock = cursor.block + 1n;
    let messages = 0;
    // Every session once per pass (another tab or process may have written some); steps plan from the cache.
    await ctx.sessions.all();
    // Idle (nothing new, nothing owed): no step, no commit, no further request.
    const idle = cursor.block >= head && cursor === stored && !this.catchUpOwed(cursor.block);
    while (!idle) {
      const from = cursor.block + 1n;
      const width = ctx.logRange() > SYNC_RANGE_BLOCKS ? ctx.logRange() : SYNC_RANGE_BLOCKS;
      const to = from <= head ? minBigint(head, from + width - 1n) : cursor.block;
      throwIfAborted(signal);
      const step = await this.step(from, to, cursor, signal, known);
      cursor = step.cursor;
      messages += step.messages;
      const done = cursor.block >= head && !this.catchUpOwed(cursor.block);
      const progress = { fromBlock: startBlock, toBlock: head, currentBlock: cursor.block, messages, done };
      ctx.emitter.emit("sync", progress);
      onProgress?.(progress);
      if (done) break;
    }
    if (idle) {
      // Still reported: watchers (a UI's "synced") learn that the pass ran and found nothing new.
      const progress = { fromBlock: startBlock, toBlock: head, currentBlock: cursor.block, messages, done: true };
      ctx.emitter.emit("sync", progress);
      onProgress?.(progress);
    }
    throwIfAborted(signal);
    await this.pending.tick();
    this.own.checkRenewal();
    // Upkeep after the pass (publish or rotate our prekeys, prune old ones): its failure is reported and retried
    // on the next pass, never turned into a failed sync whose messages are already committed.
    if (toBlock === undefined) await this.prekeys.maintain(cursor.block).catch((error) => ctx.emitter.emit("error", { error }));
    return { fromBlock: startBlock, toBlock: cursor.block, messages };
  }

  /**
   * Whether a read session still owes a scan of blocks up to `block`. A revoked session's owed scans wait (its topics
   * are not read, see `readSessions`): they are planned again once it is restored, and must not keep a pass going.
   */
  private catchUpOwed(block: bigint): boolean {
    return this.readSessions().some((e) => e.state.unscanned.some((u) => u.fromBlock <= block));
  }

  /** The (cached) sessions whose topics sync reads: a revoked conversation accepts nothing more. */
  private readSessions() {
    return this.ctx.sessions.cached().filter((e) => e.state.status !== "revoked");
  }

  /**
   * Reads and commits blocks [from, to] (empty when from > to: only catch-up ranges up to `to`). A short range is
   * read with one unfiltered query for all events (LIVE_QUERY_MAX_BLOCKS); a longer one, or a live query the
   * provider refuses, with one filtered query per event and OR-list chunk.
   */
  private async step(
    from: bigint,
    to: bigint,
    cursor: CursorRecord,
    signal: AbortSignal | undefined,
    known: readonly { number: bigint; hash: Hex }[],
  ): Promise<{ cursor: CursorRecord; messages: number }> {
    const { ctx } = this;
    const all = from <= to && to - from < LIVE_QUERY_MAX_BLOCKS ? await this.readAll(from, to, signal) : null;
    // Inside a live step, ctx.fetchLogs answers these from `all` without a request (withUnfilteredReuse).
    const read = (query: LogQuery & { event: HushlogEventName }): Promise<HushlogLog[]> => ctx.fetchLogs({ ...query, signal });
    if (from <= to) {
      // Every account's binding publications first (no account filter: the RPC learns nothing about whom we follow),
      // so a handshake in this step is judged against bindings published before it, and a revocation takes effect
      // before any later message is read.
      const bindings = await read({ event: "Binding", fromBlock: from, toBlock: to });
      await ctx.decoys.add(bindings);
      const changed = await ctx.directory.ingest(bindings, to);
      if (changed.some((account) => isAddressEqual(account, ctx.identity.account))) await this.own.check();
      await applyBindingChanges(ctx, changed);
      // One query for all kinds: sealed interactive handshakes and prekey handshakes under shared tags that hide every
      // recipient (all of them are scanned; ours are found by view tag), and legacy interactive handshakes under our
      // (guessable) tag, still posted to accounts with no binding yet (issue 18).
      const tags = [recipientTag(ctx.identity.account), PREKEY_HANDSHAKE_TAG, SEALED_HANDSHAKE_TAG];
      const handshakes = await read({ event: "Handshake", tags, fromBlock: from, toBlock: to });
      const prekeyLogs = handshakes.filter((log) => log.tag.toLowerCase() === PREKEY_HANDSHAKE_TAG);
      const isSealed = (log: HushlogLog) => log.tag.toLowerCase() === SEALED_HANDSHAKE_TAG;
      const opened = new Map((await openSealedHandshakes(handshakes.filter(isSealed), ctx.identity.x25519.secretKey)).map((log) => [`${log.transactionHash}:${log.logIndex}`, log]));
      for (const log of handshakes) {
        if (log.tag.toLowerCase() === PREKEY_HANDSHAKE_TAG) continue;
        const ours = isSealed(log) ? opened.get(`${log.transactionHash}:${log.logIndex}`) : log;
        if (ours) await this.handshakes.onHandshake(ours);
      }
      await this.prekeys.receive(prekeyLogs);
      const responders = await this.handshakes.awaitedResponders();
      if (responders.length > 0) {
        // Every response of the range, senders checked here (issue 18): a sender filter would tell the provider whom
        // we are waiting for, i.e. the recipient our hidden-recipient handshake does not show.
        const awaited = new Set(responders.map((a) => a.toLowerCase()));
        for (const log of await read({ event: "HandshakeResponse", fromBlock: from, toBlock: to })) {
          if (awaited.has(log.sender.toLowerCase())) await this.handshakes.onResponse(log);
        }
      }
    }
    const entries = this.readSessions();
    const plan = planMessageQueries(from, to, entries, await this.groups.topics());
    // Decoy topics come from unfiltered reads. A long (catch-up) step has none: its last live-sized window is read
    // unfiltered once (one request, which names nothing), so a client back from a long absence has current decoys.
    const recent = all ?? (from <= to && ctx.decoys.enabled ? await this.readAll(to - from < LIVE_QUERY_MAX_BLOCKS ? from : to - LIVE_QUERY_MAX_BLOCKS + 1n, to, signal) : null);
    if (recent) await ctx.decoys.addTopics(recent.filter((log) => log.event === "Message").map((log) => log.tag));
    const logs = [];
    for (const query of plan.queries) {
      if (all && query.fromBlock >= from && query.toBlock <= to) {
        logs.push(...(await read({ event: "Message", ...query })));
        continue;
      }
      // A filtered query reaches the provider: each real topic goes among decoys (issue 18), whose logs are dropped here.
      const { tags, real } = await ctx.decoys.withDecoyTopics(query.tags);
      for (const log of await ctx.fetchLogs({ event: "Message", ...query, tags, signal })) if (real.has(log.tag.toLowerCase())) logs.push(log);
    }
    const endHash = from <= to ? (known.find((b) => b.number === to)?.hash ?? (await getBlock(ctx.publicClient, { blockNumber: to })).hash) : null;
    const next: CursorRecord = {
      key: this.cursorKey,
      block: to,
      recentBlocks: endHash ? [...cursor.recentBlocks, { number: to, hash: endHash }].slice(-RECENT_BLOCKS_KEPT) : cursor.recentBlocks,
      updatedAt: ctx.now(),
    };
    try {
      return { cursor: next, messages: await receiveMessages(ctx, this.groups, logs, plan.covered, next) };
    } catch (error) {
      // Another tab or process moved a session or a group: forget cached state; the next pass redoes the step.
      if (error instanceof StoreConflictError || error instanceof GroupStateConflictError) {
        ctx.sessions.clear();
        this.groups.reload();
      }
      throw error;
    }
  }

  /** Every Hushlog log of a short range in one request; null when the provider will not answer it whole. */
  private async readAll(from: bigint, to: bigint, signal?: AbortSignal): Promise<HushlogLog[] | null> {
    try {
      return await this.ctx.fetchLogs({ event: "any", fromBlock: from, toBlock: to, signal });
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      return null;
    }
  }

  /**
   * Compares the last processed block's hash with the chain. On a mismatch, walks back to the newest block that
   * still matches, marks messages received above it as `reorged` (kept, shown as such; their logs are matched
   * again by ratchet position when re-read) and rewinds the cursor there.
   */
  private async checkReorg(cursor: CursorRecord, known: readonly { number: bigint; hash: Hex }[] = []): Promise<CursorRecord> {
    const { ctx } = this;
    const recent = cursor.recentBlocks;
    const canonical = async (b: { number: bigint; hash: Hex }) => {
      const seen = known.find((k) => k.number === b.number);
      if (seen) return seen.hash === b.hash;
      return (await getBlock(ctx.publicClient, { blockNumber: b.number }).catch(() => null))?.hash === b.hash;
    };
    if (recent.length === 0 || (await canonical(recent.at(-1)!))) return cursor;
    let keep = recent.length - 2;
    while (keep >= 0 && !(await canonical(recent[keep]!))) keep--;
    const fork = keep >= 0 ? recent[keep]!.number : minBigint(cursor.block, recent[0]!.number - 1n);
    const changes: { id: Hex; conversationId: Hex }[] = [];
    for (const { record } of await ctx.sessions.all()) {
      for (const message of await ctx.store.messages.list(record.conversationId, { limit: REORG_MESSAGE_WINDOW })) {
        if (message.direction === "in" && message.blockNumber !== null && message.blockNumber > fork && message.status === "received") {
          changes.push({ id: message.id as Hex, conversationId: message.conversationId });
        }
      }
    }
    const rewound: CursorRecord = { ...cursor, block: fork, recentBlocks: recent.slice(0, keep + 1), updatedAt: ctx.now() };
    await ctx.directory.rewind(fork);
    await ctx.store.transaction(async (tx) => {
      for (const change of changes) await tx.messages.update(change.id, { status: "reorged" });
      await tx.cursors.put(rewound);
    });
    for (const change of changes) ctx.emitter.emit("status", { ...change, status: "reorged" });
    return rewound;
  }
}

/** The `CursorStore` key under which sync keeps its position for one chain and contract (e.g. for backups). */
export function syncCursorKey(chainId: number, contract: Address): string {
  return `${chainId}:${contract.toLowerCase()}:sync`;
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
