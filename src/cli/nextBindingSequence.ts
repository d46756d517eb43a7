import type { Address, PublicClient } from "viem";
import { findCurrentBinding, resolveDeployBlock } from "../index.ts";

/**
 * The sequence the account's next key binding must carry: one above its last published binding on this deployment
 * (whose block is looked up when the configuration does not give it).
 */
export async function nextBindingSequence(
  publicClient: PublicClient,
  { account, chainId, contract, deployBlock }: { account: Address; chainId: number; contract: Address; deployBlock: bigint | undefined },
): Promise<bigint> {
  const fromBlock = deployBlock ?? (await resolveDeployBlock(publicClient, { chainId, address: contract })).deployBlock;
  return (await findCurrentBinding(publicClient, { account, chainId, contract, fromBlock })).nextSequence;
}
