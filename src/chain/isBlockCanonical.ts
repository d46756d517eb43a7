import { BlockNotFoundError, type Hex, type PublicClient } from "viem";

/**
 * Whether the block remembered as (blockNumber, blockHash) is still on the canonical chain. False when another
 * block now has that number, or when the chain is shorter than that (a reorg that has not caught up yet).
 */
export async function isBlockCanonical(publicClient: PublicClient, { blockNumber, blockHash }: { blockNumber: bigint; blockHash: Hex }): Promise<boolean> {
  try {
    const block = await publicClient.getBlock({ blockNumber });
    return block.hash !== null && block.hash.toLowerCase() === blockHash.toLowerCase();
  } catch (error) {
    if (error instanceof BlockNotFoundError) return false;
    throw error;
  }
}
