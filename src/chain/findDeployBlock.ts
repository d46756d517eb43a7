import type { Address } from "viem";
import { getBlockNumber, getChainId, getCode } from "viem/actions";
import { ContractNotFoundError, DeployBlockUnknownError } from "../errors/chainErrors.ts";
import type { ReadClient } from "./ReadClient.ts";

export type FoundDeployBlock = {
  /** The first block whose state holds code at the address. */
  deployBlock: bigint;
  /** `eth_getCode` requests it took (the cost to report and to cache away). */
  getCodeCalls: number;
};

/**
 * The block a contract was deployed in, by binary search on `eth_getCode` over past blocks: at most
 * 1 + ⌈log2(head + 1)⌉ requests (25 measured on a chain of 20 million blocks). Valid for contracts that never
 * self-destruct, as Hushlog: once code is at the address it stays, so "has code" is monotonic in the block number.
 * Needs an RPC that serves past state (an archive node, or a recent enough contract on a pruned one); otherwise
 * `DeployBlockUnknownError`.
 *
 * @example
 * const { deployBlock, getCodeCalls } = await findDeployBlock(publicClient, { address: hushlogAddress });
 */
export async function findDeployBlock(client: ReadClient, { address, head }: { address: Address; head?: bigint }): Promise<FoundDeployBlock> {
  let getCodeCalls = 0;
  const hasCode = async (blockNumber: bigint) => {
    getCodeCalls += 1;
    try {
      const code = await getCode(client, { address, blockNumber });
      return code !== undefined && code !== "0x";
    } catch (cause) {
      throw new DeployBlockUnknownError({ address, chainId: await getChainId(client), cause });
    }
  };
  const top = head ?? (await getBlockNumber(client, { cacheTime: 0 }));
  if (!(await hasCode(top))) throw new ContractNotFoundError({ address, chainId: await getChainId(client) });
  // Invariant: code at `high`, none at `low` (block -1 stands for "before genesis").
  let low = -1n;
  let high = top;
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (await hasCode(middle)) high = middle;
    else low = middle;
  }
  return { deployBlock: high, getCodeCalls };
}
