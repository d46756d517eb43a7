import { getBlock } from "viem/actions";
import { BlockNotFoundError, type Hex } from "viem";
import type { ReadClient } from "./ReadClient.ts";

/**
 * Whether the block remembered as (blockNumber, blockHash) is still on the canonical chain. False when another
 * block now has that number, or when the chain is shorter than that (a reorg that has not caught up yet).
 */
export async function isBlockCanonical(publicClient: ReadClient, { blockNumber, blockHash }: { blockNumber: bigint; blockHash: Hex }): Promise<boolean> {
  try {
    const block = await getBlock(publicClient, { blockNumber });
    return block.hash !== null && block.hash.toLowerCase() === blockHash.toLowerCase();
  } catch (error) {
    if (error instanceof BlockNotFoundError) return false;
    throw error;
  }
}
