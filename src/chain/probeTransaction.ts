import { getBlock, getBlockNumber, getTransaction, getTransactionCount, getTransactionReceipt } from "viem/actions";
import {
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  isAddressEqual,
  type Address,
  type Hex,
} from "viem";
import { findNonceTransaction } from "./findNonceTransaction.ts";
import { isBlockCanonical } from "./isBlockCanonical.ts";
import type { ReadClient } from "./ReadClient.ts";

export type ProbeTransactionParameters = {
  hash: Hex;
  /** The sender; with `nonce`, what lets a drop be told from a replacement. */
  from: Address;
  nonce: number;
  /** The calldata sent; without it a replacement is never reported as carrying the same calldata. */
  data?: Hex;
  /** A block at or before the broadcast (Submission.sentAtBlock): where the replacement search starts. */
  sinceBlock: bigint;
  /** Depth at which an included transaction counts as confirmed (1 = in the latest block). */
  confirmations: number;
};

/**
 * - `pending`: in our node's mempool.
 * - `included`: mined and successful, fewer than `confirmations` blocks deep.
 * - `confirmed`: mined and successful, deep enough.
 * - `reverted`: mined, reverted (whatever its depth).
 * - `dropped`: neither mined nor in the mempool, and the nonce is still free: broadcast the same bytes again.
 * - `replaced`: another transaction from `from` took the nonce (mined, or `pending` in the mempool).
 *   `replacement` is null when the nonce is used but the transaction was not found after `sinceBlock`.
 *   `sameCalldata` says whether it carries the same bytes (a speed-up) or not (a cancel or another message):
 *   false when unknown, since a needless re-broadcast costs gas while a wrong "sent" would lose a message.
 *
 * A reorg shows up as a change between probes: a new blockHash, or back to pending/dropped. Use
 * isBlockCanonical to re-check a block remembered from an earlier probe.
 */
export type TransactionProbe =
  | { state: "pending" }
  | { state: "included" | "confirmed" | "reverted"; blockNumber: bigint; blockHash: Hex; confirmations: number }
  | { state: "dropped" }
  | { state: "replaced"; replacement: Hex | null; sameCalldata: boolean; pending: boolean };

/**
 * Where a transaction stands, from a handful of reads on the public client: the receipt, then the mempool,
 * then the sender's nonce (and, if that moved on, the transaction that took it). Answers are as our node
 * sees the chain: a transaction broadcast elsewhere may look `dropped` until it reaches our node.
 */
export async function probeTransaction(publicClient: ReadClient, parameters: ProbeTransactionParameters): Promise<TransactionProbe> {
  const { hash, from, nonce, data, sinceBlock, confirmations } = parameters;

  const mined = await minedState(publicClient, hash, confirmations);
  if (mined) return mined;

  const inMempool = await getTransaction(publicClient, { hash }).catch(notFoundAsNull);
  if (inMempool) {
    // Mined between our two reads: ask again rather than report a stale "pending".
    if (inMempool.blockNumber !== null) return (await minedState(publicClient, hash, confirmations)) ?? { state: "pending" };
    return { state: "pending" };
  }

  const used = await getTransactionCount(publicClient, { address: from, blockTag: "latest" });
  if (used <= nonce) {
    const waiting = await pendingReplacement(publicClient, from, nonce);
    if (waiting) return { state: "replaced", replacement: waiting.hash, sameCalldata: sameData(data, waiting.input), pending: true };
    return { state: "dropped" };
  }

  const taker = await findNonceTransaction(publicClient, { from, nonce, sinceBlock });
  if (taker?.hash.toLowerCase() === hash.toLowerCase()) {
    // Our own transaction, mined after the first read (or re-mined after a reorg).
    return (await minedState(publicClient, hash, confirmations)) ?? { state: "pending" };
  }
  return { state: "replaced", replacement: taker?.hash ?? null, sameCalldata: taker ? sameData(data, taker.input) : false, pending: false };
}

/**
 * The receipt's state, or null when there is no receipt we may believe. A receipt is only accepted when its block
 * is the canonical one at its height on a fresh head: a lagging node behind a load balancer still serves receipts
 * from a fork that a reorg removed (issue 21: such a receipt marked a lost message confirmed).
 */
async function minedState(publicClient: ReadClient, hash: Hex, confirmations: number): Promise<TransactionProbe | null> {
  const receipt = await getTransactionReceipt(publicClient, { hash }).catch(notFoundAsNull);
  if (!receipt) return null;
  const latest = await getBlockNumber(publicClient, { cacheTime: 0 });
  if (receipt.blockNumber > latest || !(await isBlockCanonical(publicClient, { blockNumber: receipt.blockNumber, blockHash: receipt.blockHash }))) return null;
  const depth = Number(latest - receipt.blockNumber + 1n);
  const state = receipt.status === "reverted" ? "reverted" : depth >= confirmations ? "confirmed" : "included";
  return { state, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, confirmations: depth };
}

/** A same-nonce transaction from `from` in the node's pending block (best effort: not every node serves one). */
async function pendingReplacement(publicClient: ReadClient, from: Address, nonce: number): Promise<{ hash: Hex; input: Hex } | null> {
  try {
    const block = await getBlock(publicClient, { blockTag: "pending", includeTransactions: true });
    return block.transactions.find((tx) => tx.nonce === nonce && isAddressEqual(tx.from, from)) ?? null;
  } catch {
    return null;
  }
}

const sameData = (sent: Hex | undefined, other: Hex) => sent !== undefined && sent.toLowerCase() === other.toLowerCase();

function notFoundAsNull(error: unknown): null {
  if (error instanceof TransactionNotFoundError || error instanceof TransactionReceiptNotFoundError) return null;
  throw error;
}
