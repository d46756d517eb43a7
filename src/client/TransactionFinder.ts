import { getBlock, getBlockNumber, getTransaction } from "viem/actions";
import { bytesToHex, isAddressEqual, type Hex } from "viem";
import { packedCallLog, samePayload } from "../chain/packedCallLog.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import type { ClientContext } from "./ClientContext.ts";

/** One of our transactions as found on chain or in the mempool; `nonce` null when it is not ours to count. */
export type FoundTransaction = { hash: Hex; nonce: number | null; pending: boolean };

/**
 * Finds a record's transaction without relying on a known nonce (issue 21): a broadcast whose answer was lost,
 * a transaction our RPC never saw before it was dropped or sped up, an EIP-5792 batch re-included under another
 * hash after a reorg. In order: the recorded hash in the mempool; a transaction from our sender with the same
 * calldata in the node's pending block (a wallet's speed-up); our own logs carrying the record's payload since
 * the block it was sent at (mined under whatever hash, also through a smart account or bundler).
 */
export class TransactionFinder {
  private readonly ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }

  async find(record: PendingRecord): Promise<FoundTransaction | null> {
    const { ctx } = this;
    if (record.txHash) {
      const seen = await getTransaction(ctx.publicClient, { hash: record.txHash }).catch(() => null);
      if (seen && seen.blockNumber === null) return { hash: seen.hash, nonce: this.ownNonce(seen), pending: true };
    }
    const data = bytesToHex(record.data).toLowerCase();
    const block = await getBlock(ctx.publicClient, { blockTag: "pending", includeTransactions: true }).catch(() => null);
    // Best effort: not every node serves a pending block.
    const waiting = block?.transactions.find((tx) => isAddressEqual(tx.from, ctx.sender) && tx.input.toLowerCase() === data);
    if (waiting) return { hash: waiting.hash, nonce: waiting.nonce, pending: true };
    return this.findLanded(record);
  }

  /**
   * Our own logs carrying the record's (first) payload since `sentAtBlock`: the transaction that landed it,
   * whatever its hash. Used before anything that could put a second copy on chain.
   */
  async findLanded(record: PendingRecord): Promise<FoundTransaction | null> {
    const { ctx } = this;
    if (record.sentAtBlock === null) return null;
    const query = packedCallLog(record.data);
    const head = await getBlockNumber(ctx.publicClient, { cacheTime: 0 });
    const logs = await ctx.fetchLogs({ event: query.event, tags: query.tags, senders: [ctx.sender], fromBlock: record.sentAtBlock, toBlock: head });
    const log = logs.find((l) => samePayload(l.payload, query.payload));
    if (!log) return null;
    const tx = await getTransaction(ctx.publicClient, { hash: log.transactionHash }).catch(() => null);
    return { hash: log.transactionHash, nonce: tx ? this.ownNonce(tx) : null, pending: false };
  }

  /** The nonce is ours to follow only when the transaction comes from our own account (not a bundler's). */
  private ownNonce(tx: { from: Hex; nonce: number }): number | null {
    return isAddressEqual(tx.from, this.ctx.sender) ? tx.nonce : null;
  }
}
