import type { Address } from "viem";

/**
 * EIP-712 domain of a key binding: bound to one chain and one Hushlog contract, so a binding cannot be replayed
 * on another chain or against another deployment. Version "2": the readable, numbered, expiring device list.
 */
export function keyBindingDomain({ chainId, contract }: { chainId: number; contract: Address }) {
  return { name: "Hushlog", version: "2", chainId, verifyingContract: contract } as const;
}
