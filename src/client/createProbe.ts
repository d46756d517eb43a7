import { getBlock, getBlockNumber, getTransactionReceipt } from "viem/actions";
import type { Address } from "viem";
import { isBlockCanonical } from "../chain/isBlockCanonical.ts";
import { probeTransaction } from "../chain/probeTransaction.ts";
import type { ClientContext, TransactionProbe } from "./ClientContext.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

/**
 * The client's view of one transaction from the chain layer's probes: reorg first (is the block we recorded
 * still canonical?), then where the transaction stands. Transactions whose nonce we do not own (EIP-5792 smart
 * accounts, sent by a bundler) are followed by receipt only: drops and replacements cannot be told apart there.
 */
export function createProbe(
  publicClient: ReadClient,
  { from, deployBlock }: { from: Address; /** Read at each probe: the client resolves it on its first call. */ deployBlock: () => bigint },
): ClientContext["probeTransaction"] {
  return async ({ hash, nonce, sentAtBlock, data, confirmations, block }): Promise<TransactionProbe> => {
    if (block && !(await isBlockCanonical(publicClient, { blockNumber: block.number, blockHash: block.hash }))) return { state: "reorged" };
    if (nonce === null) return receiptOnly(publicClient, hash, confirmations);
    const probe = await probeTransaction(publicClient, { hash, from, nonce, data, sinceBlock: sentAtBlock ?? deployBlock(), confirmations });
    switch (probe.state) {
      case "pending":
      case "dropped":
        return probe;
      case "included":
        return { state: "included", blockNumber: probe.blockNumber, blockHash: probe.blockHash, timestamp: null };
      case "confirmed":
        return { state: "confirmed", blockNumber: probe.blockNumber, blockHash: probe.blockHash, timestamp: await timestampOf(publicClient, probe.blockNumber) };
      case "reverted":
        return { state: "reverted", blockNumber: probe.blockNumber, blockHash: probe.blockHash };
      case "replaced":
        // A cancelling transaction still in the mempool may never be mined: wait until it is.
        if (probe.pending && !probe.sameCalldata) return { state: "pending" };
        return { state: "replaced", replacement: probe.replacement, sameCalldata: probe.sameCalldata };
    }
  };
}

async function receiptOnly(publicClient: ReadClient, hash: `0x${string}`, confirmations: number): Promise<TransactionProbe> {
  const receipt = await getTransactionReceipt(publicClient, { hash }).catch(() => null);
  if (!receipt) return { state: "pending" };
  if (receipt.status !== "success") return { state: "reverted", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
  const depth = (await getBlockNumber(publicClient, { cacheTime: 0 })) - receipt.blockNumber + 1n;
  if (depth >= BigInt(confirmations)) {
    return { state: "confirmed", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, timestamp: await timestampOf(publicClient, receipt.blockNumber) };
  }
  return { state: "included", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, timestamp: null };
}

async function timestampOf(publicClient: ReadClient, blockNumber: bigint): Promise<number | null> {
  return getBlock(publicClient, { blockNumber })
    .then((block) => Number(block.timestamp))
    .catch(() => null);
}
