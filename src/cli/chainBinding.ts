import type { Address, PublicClient } from "viem";
import { findCurrentBinding, resolveDeployBlock, type KeyBinding } from "../index.ts";

/**
 * The account's current binding on this deployment (its device list; null when it has none or it expired) and the
 * sequence its next binding must carry: one above its last published one. The deployment block is looked up when
 * the configuration does not give it.
 */
export async function chainBinding(
  publicClient: PublicClient,
  { account, chainId, contract, deployBlock }: { account: Address; chainId: number; contract: Address; deployBlock: bigint | undefined },
): Promise<{ current: KeyBinding | null; nextSequence: bigint }> {
  const fromBlock = deployBlock ?? (await resolveDeployBlock(publicClient, { chainId, address: contract })).deployBlock;
  const found = await findCurrentBinding(publicClient, { account, chainId, contract, fromBlock });
  return { current: found.current?.binding ?? null, nextSequence: found.nextSequence };
}
