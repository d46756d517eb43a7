import { isAddressEqual, type Address } from "viem";

export type KnownDeployment = { chainId: number; address: Address; deployBlock: bigint };

/**
 * Where the canonical Hushlog was deployed on public chains, so clients start reading there without searching.
 * Empty: no public chain has it yet. Add an entry (chain id, `hushlogAddress`, the block of its deployment
 * transaction) for each deployment; an entry for an address that is no longer canonical is simply never used.
 * Elsewhere the block is found by `findDeployBlock` and cached in the client's store.
 */
export const knownDeployments: readonly KnownDeployment[] = [];

/** The deployment block this registry knows for `address` on `chainId`, or undefined. */
export function knownDeployBlock(chainId: number, address: Address, registry: readonly KnownDeployment[] = knownDeployments): bigint | undefined {
  return registry.find((entry) => entry.chainId === chainId && isAddressEqual(entry.address, address))?.deployBlock;
}
