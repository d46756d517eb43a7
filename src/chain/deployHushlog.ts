import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { DeploymentFailedError } from "../errors/chainErrors.ts";
import { hushlogAbi } from "./hushlogAbi.ts";
import { hushlogBytecode } from "./hushlogBytecode.ts";

/** Where a Hushlog contract lives: everything a client needs to find its logs. */
export type Deployment = {
  chainId: number;
  address: Address;
  /** First block that can hold Hushlog logs: the earliest block sync ever needs to read. */
  deployBlock: bigint;
  transactionHash: Hex;
};

/** Deploys Hushlog with `walletClient` and waits for the receipt. The contract has no constructor arguments. */
export async function deployHushlog(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  publicClient: PublicClient,
): Promise<Deployment> {
  const hash = await walletClient.deployContract({
    abi: hushlogAbi,
    bytecode: hushlogBytecode,
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) throw new DeploymentFailedError({ hash });
  return {
    chainId: await publicClient.getChainId(),
    address: receipt.contractAddress,
    deployBlock: receipt.blockNumber,
    transactionHash: hash,
  };
}
