import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { concat, keccak256 } from "viem";
import { deployContract, getChainId, getCode, sendTransaction, waitForTransactionReceipt } from "viem/actions";
import { DeploymentFailedError } from "../errors/chainErrors.ts";
import { deterministicDeployer } from "./deterministicDeployer.ts";
import { ensureDeterministicDeployer } from "./ensureDeterministicDeployer.ts";
import { findDeployBlock } from "./findDeployBlock.ts";
import { hushlogAbi } from "./hushlogAbi.ts";
import { hushlogAddress, hushlogSalt } from "./hushlogAddress.ts";
import { hushlogBytecode, hushlogDeployedCodeHash } from "./hushlogBytecode.ts";
import { knownDeployBlock } from "./knownDeployments.ts";

/** Where a Hushlog contract lives: everything a client needs to find its logs. */
export type Deployment = {
  chainId: number;
  address: Address;
  /** First block that can hold Hushlog logs: the earliest block sync ever needs to read. */
  deployBlock: bigint;
  /** The transaction that created it; null when the canonical contract was already there. */
  transactionHash: Hex | null;
};

export type DeployHushlogOptions = {
  /**
   * "canonical" (default): at `hushlogAddress`, the same on every chain, through the CREATE2 factory (put on the
   * chain first if missing). Idempotent: when the contract is already there, returns it and sends nothing.
   * "private": a new instance at the wallet account's next CREATE address, which only its users will know.
   */
  mode?: "canonical" | "private";
};

/**
 * Deploys Hushlog with `walletClient` and waits for the receipt. The contract has no constructor arguments.
 *
 * @example
 * const { address, deployBlock } = await deployHushlog(walletClient, publicClient); // address === hushlogAddress
 */
export async function deployHushlog(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  publicClient: PublicClient,
  { mode = "canonical" }: DeployHushlogOptions = {},
): Promise<Deployment> {
  const chainId = await getChainId(publicClient);
  if (mode === "private") {
    const hash = await deployContract(walletClient, { abi: hushlogAbi, bytecode: hushlogBytecode, account: walletClient.account, chain: walletClient.chain });
    const receipt = await waitForTransactionReceipt(publicClient, { hash });
    if (receipt.status !== "success" || !receipt.contractAddress) throw new DeploymentFailedError({ hash });
    return { chainId, address: receipt.contractAddress, deployBlock: receipt.blockNumber, transactionHash: hash };
  }

  if (await holdsHushlog(publicClient)) return existing(publicClient, chainId);
  await ensureDeterministicDeployer(walletClient, publicClient);
  const hash = await sendTransaction(walletClient, {
    to: deterministicDeployer.address,
    data: concat([hushlogSalt, hushlogBytecode]),
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await waitForTransactionReceipt(publicClient, { hash });
  if (await holdsHushlog(publicClient)) {
    // Reverted but present: someone else's deployment landed first (the factory's CREATE2 then fails). Same contract.
    if (receipt.status !== "success") return existing(publicClient, chainId);
    return { chainId, address: hushlogAddress, deployBlock: receipt.blockNumber, transactionHash: hash };
  }
  throw new DeploymentFailedError({ hash });
}

async function holdsHushlog(publicClient: PublicClient): Promise<boolean> {
  const code = await getCode(publicClient, { address: hushlogAddress });
  return code !== undefined && code !== "0x" && keccak256(code) === hushlogDeployedCodeHash;
}

async function existing(publicClient: PublicClient, chainId: number): Promise<Deployment> {
  const deployBlock = knownDeployBlock(chainId, hushlogAddress) ?? (await findDeployBlock(publicClient, { address: hushlogAddress })).deployBlock;
  return { chainId, address: hushlogAddress, deployBlock, transactionHash: null };
}
