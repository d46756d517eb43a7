import type { Address, PublicClient } from "viem";
import { chainBinding } from "./chainBinding.ts";

/**
 * The sequence the account's next key binding must carry: one above its last published binding on this deployment
 * (whose block is looked up when the configuration does not give it).
 */
export async function nextBindingSequence(
  publicClient: PublicClient,
  options: { account: Address; chainId: number; contract: Address; deployBlock: bigint | undefined },
): Promise<bigint> {
  return (await chainBinding(publicClient, options)).nextSequence;
}
