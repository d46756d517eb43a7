import { getBlock, getBlockNumber, getTransactionCount } from "viem/actions";
import { isAddressEqual, type Address, type Hex } from "viem";
import { REPLACEMENT_SCAN_MAX_BLOCKS } from "../constants.ts";
import type { ReadClient } from "./ReadClient.ts";

export type NonceTransaction = { hash: Hex; input: Hex; blockNumber: bigint };

/**
 * The mined transaction from `from` with `nonce`, looked for from `sinceBlock` to the latest block; null if
 * not there (or the nonce is not used yet).
 *
 * A sender's nonce count only grows with the block number, so a binary search over eth_getTransactionCount
 * at past blocks finds the block in O(log n) requests. Nodes without archive state refuse those queries
 * ("missing trie node"); then the blocks are read one by one, at most REPLACEMENT_SCAN_MAX_BLOCKS of them.
 */
export async function findNonceTransaction(
  publicClient: ReadClient,
  { from, nonce, sinceBlock }: { from: Address; nonce: number; sinceBlock: bigint },
): Promise<NonceTransaction | null> {
  const latest = await getBlockNumber(publicClient, { cacheTime: 0 });
  if (sinceBlock > latest) return null;
  let block: bigint | "earlier" | null;
  try {
    block = await searchByNonceCount(publicClient, from, nonce, sinceBlock, latest);
  } catch {
    return scanBlocks(publicClient, from, nonce, sinceBlock, latest);
  }
  if (block === null) return null;
  if (block === "earlier") return findInBlock(publicClient, sinceBlock, from, nonce);
  // A node whose history contradicts itself (seen on Hardhat, whose multi-block hardhat_mine leaves blocks
  // with empty state) can point at the wrong block: then read the blocks instead.
  return (await findInBlock(publicClient, block, from, nonce)) ?? scanBlocks(publicClient, from, nonce, sinceBlock, latest);
}

/**
 * The first block in lo..hi after which `from` has used `nonce`; null if it still has not at hi; "earlier"
 * if it already had at lo (the transaction is in lo or before it).
 */
async function searchByNonceCount(
  publicClient: ReadClient,
  from: Address,
  nonce: number,
  lo: bigint,
  hi: bigint,
): Promise<bigint | "earlier" | null> {
  const used = (blockNumber: bigint) => getTransactionCount(publicClient, { address: from, blockNumber }).then((count) => count > nonce);
  if (!(await used(hi))) return null;
  if (await used(lo)) return "earlier";
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (await used(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

async function scanBlocks(publicClient: ReadClient, from: Address, nonce: number, first: bigint, latest: bigint): Promise<NonceTransaction | null> {
  const last = first + REPLACEMENT_SCAN_MAX_BLOCKS - 1n < latest ? first + REPLACEMENT_SCAN_MAX_BLOCKS - 1n : latest;
  for (let blockNumber = first; blockNumber <= last; blockNumber++) {
    const found = await findInBlock(publicClient, blockNumber, from, nonce);
    if (found) return found;
  }
  return null;
}

async function findInBlock(publicClient: ReadClient, blockNumber: bigint, from: Address, nonce: number): Promise<NonceTransaction | null> {
  const block = await getBlock(publicClient, { blockNumber, includeTransactions: true });
  const tx = block.transactions.find((t) => t.nonce === nonce && isAddressEqual(t.from, from));
  return tx ? { hash: tx.hash, input: tx.input, blockNumber } : null;
}
