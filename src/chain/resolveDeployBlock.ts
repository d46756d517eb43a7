import { bytesToString, stringToBytes, type Address } from "viem";
import { getCode } from "viem/actions";
import type { CacheStore } from "../store/CacheStore.ts";
import { findDeployBlock } from "./findDeployBlock.ts";
import { knownDeployBlock } from "./knownDeployments.ts";
import type { ReadClient } from "./ReadClient.ts";

export type ResolvedDeployBlock = {
  deployBlock: bigint;
  /** Where it came from: the registry of known chains, this store's cache (checked), or a binary search. */
  source: "registry" | "cache" | "search";
  getCodeCalls: number;
};

/** Cache namespace of deployment blocks, keyed by chain id and contract. */
export const deployBlockCacheNamespace = "deploy-block";

/**
 * The block `address` was deployed in on `chainId`: from the registry of known deployments (no request), else from
 * `cache` when two `eth_getCode` calls confirm it (code at the block, none before it: a local chain restarted with
 * the contract at the same address gets a new block, not the old one), else by binary search, then cached.
 *
 * @example
 * const { deployBlock } = await resolveDeployBlock(publicClient, { chainId, address: hushlogAddress, cache: store.cache });
 */
export async function resolveDeployBlock(
  client: ReadClient,
  { chainId, address, cache }: { chainId: number; address: Address; cache?: CacheStore },
): Promise<ResolvedDeployBlock> {
  const known = knownDeployBlock(chainId, address);
  if (known !== undefined) return { deployBlock: known, source: "registry", getCodeCalls: 0 };
  const key = `${chainId}:${address.toLowerCase()}`;
  const cached = await cache?.get(deployBlockCacheNamespace, key);
  const block = cached && /^\d+$/.test(bytesToString(cached)) ? BigInt(bytesToString(cached)) : undefined;
  let checks = 0;
  if (block !== undefined) {
    const hasCode = async (blockNumber: bigint) => {
      checks += 1;
      const code = await getCode(client, { address, blockNumber }).catch(() => undefined);
      return code !== undefined && code !== "0x";
    };
    const confirmed = (await hasCode(block)) && (block === 0n || !(await hasCode(block - 1n)));
    if (confirmed) return { deployBlock: block, source: "cache", getCodeCalls: checks };
  }
  const found = await findDeployBlock(client, { address });
  await cache?.set(deployBlockCacheNamespace, key, stringToBytes(found.deployBlock.toString()));
  return { deployBlock: found.deployBlock, source: "search", getCodeCalls: checks + found.getCodeCalls };
}
