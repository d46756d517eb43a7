import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import { keccak256 } from "viem";
import { getBalance, getBlock, getChainId, getCode, getTransactionCount, sendRawTransaction, sendTransaction, waitForTransactionReceipt } from "viem/actions";
import { DeterministicDeployerUnavailableError } from "../errors/chainErrors.ts";
import { deterministicDeployer } from "./deterministicDeployer.ts";

export type DeployerSetup = {
  /** What it took: nothing (already there), or the signer's funding (if it lacked funds) and the keyless transaction. */
  sent: "nothing" | "keyless-transaction" | "funding-and-keyless-transaction";
};

/**
 * Makes sure the deterministic-deployment proxy is on the chain: if its address holds no code, funds the keyless
 * signer from `walletClient` (only what it lacks of 0.01 ETH) and broadcasts the well-known pre-signed transaction.
 * Anvil and most public chains already have it; Hardhat's in-process network and `hardhat node` do not.
 *
 * @example
 * await ensureDeterministicDeployer(walletClient, publicClient); // then CREATE2 through deterministicDeployer.address
 */
export async function ensureDeterministicDeployer(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  publicClient: PublicClient,
): Promise<DeployerSetup> {
  const { address, signer, fundingWei, gasPrice, transaction, codeHash } = deterministicDeployer;
  const code = await getCode(publicClient, { address });
  if (code && code !== "0x") {
    if (keccak256(code) === codeHash) return { sent: "nothing" };
    throw new DeterministicDeployerUnavailableError({ chainId: await getChainId(publicClient), reason: "its address holds other code" });
  }
  const chainId = await getChainId(publicClient);
  // The signer's one transaction has nonce 0: once used (on this chain) without leaving the factory, nothing can.
  if ((await getTransactionCount(publicClient, { address: signer })) > 0) {
    throw new DeterministicDeployerUnavailableError({ chainId, reason: "its keyless signer already used its only nonce" });
  }
  // A base fee above the transaction's fixed gas price would leave it waiting in the mempool forever.
  const { baseFeePerGas } = await getBlock(publicClient);
  if (baseFeePerGas !== null && baseFeePerGas > gasPrice) {
    throw new DeterministicDeployerUnavailableError({ chainId, reason: `the base fee (${baseFeePerGas} wei) is above its transaction's fixed 100 gwei` });
  }
  const balance = await getBalance(publicClient, { address: signer });
  let funded = false;
  if (balance < fundingWei) {
    const hash = await sendTransaction(walletClient, { to: signer, value: fundingWei - balance, account: walletClient.account, chain: walletClient.chain });
    await waitForTransactionReceipt(publicClient, { hash });
    funded = true;
  }
  let hash: `0x${string}`;
  try {
    hash = await sendRawTransaction(walletClient, { serializedTransaction: transaction });
  } catch (cause) {
    throw new DeterministicDeployerUnavailableError({ chainId, reason: "the node refused its keyless deployment transaction", cause });
  }
  const receipt = await waitForTransactionReceipt(publicClient, { hash });
  const deployed = await getCode(publicClient, { address });
  if (receipt.status !== "success" || !deployed || keccak256(deployed) !== codeHash) {
    throw new DeterministicDeployerUnavailableError({ chainId, reason: `its deployment transaction ${hash} left no factory` });
  }
  return { sent: funded ? "funding-and-keyless-transaction" : "keyless-transaction" };
}
