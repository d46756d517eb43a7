import { getChainId, getCode } from "viem/actions";
import { keccak256, type Address } from "viem";
import { ContractNotFoundError } from "../errors/chainErrors.ts";
import { hushlogDeployedCodeHash } from "./hushlogBytecode.ts";
import type { ReadClient } from "./ReadClient.ts";

/**
 * Throws `ContractNotFoundError` unless `address` holds exactly Hushlog's runtime code on this chain. Catches the
 * classic mistakes (wrong address, RPC pointing at another chain, a node restarted without redeploying) before
 * a client sends anything.
 */
export async function assertHushlogDeployed(publicClient: ReadClient, address: Address): Promise<void> {
  const code = await getCode(publicClient, { address });
  if (!code || code === "0x" || keccak256(code) !== hushlogDeployedCodeHash) {
    throw new ContractNotFoundError({ address, chainId: await getChainId(publicClient) });
  }
}
