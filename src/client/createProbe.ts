import { getBlock, getBlockNumber, getTransactionReceipt } from "viem/actions";
import type { Address, Hex } from "viem";
import type { FinalityRule } from "../chain/chainFinality.ts";
import { decodeHushlogLogs } from "../chain/decodeHushlogLogs.ts";
import { isBlockCanonical } from "../chain/isBlockCanonical.ts";
import { packedCallLog, samePayload } from "../chain/packedCallLog.ts";
import { probeTransaction } from "../chain/probeTransaction.ts";
import type { ClientContext, TransactionProbe } from "./ClientContext.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

/**
 * The client's view of one transaction from the chain layer's probes: reorg first (is the block we recorded
 * still canonical?), then where the transaction stands, then whether its block is final (the chain's
 * `finalized`/`safe` block where the rule names one and the RPC serves it, else the rule's depth). Transactions
 * whose nonce we do not own (EIP-5792 smart accounts, sent by a bundler) are followed by receipt only.
 */
export function createProbe(
  publicClient: ReadClient,
  { from, deployBlock, finality, contract }: {
    from: Address;
    /** Read at each probe: the client resolves it on its first call. */
    deployBlock: () => bigint;
    finality: FinalityRule;
    contract: Address;
  },
): ClientContext["probeTransaction"] {
  return async ({ hash, nonce, sentAtBlock, data, confirmations, block }): Promise<TransactionProbe> => {
    if (block && !(await isBlockCanonical(publicClient, { blockNumber: block.number, blockHash: block.hash }))) return { state: "reorged" };
    if (nonce === null) return receiptOnly(publicClient, { hash, data, contract }, confirmations, finality);
    const probe = await probeTransaction(publicClient, { hash, from, nonce, data, sinceBlock: sentAtBlock ?? deployBlock(), confirmations });
    switch (probe.state) {
      case "pending":
      case "dropped":
        return probe;
      case "included":
        return { state: "included", blockNumber: probe.blockNumber, blockHash: probe.blockHash, timestamp: null };
      case "confirmed":
        return settled(publicClient, probe.blockNumber, probe.blockHash, finality);
      case "reverted":
        return { state: "reverted", blockNumber: probe.blockNumber, blockHash: probe.blockHash };
      case "replaced":
        // A cancelling transaction still in the mempool may never be mined: wait until it is.
        if (probe.pending && !probe.sameCalldata) return { state: "pending" };
        return { state: "replaced", replacement: probe.replacement, sameCalldata: probe.sameCalldata };
    }
  };
}

/**
 * Receipt-only tracking, with the same rule as probeTransaction: a receipt off the canonical chain is no receipt.
 * The receipt's own success is not enough: a smart account's batch (an EntryPoint's handleOps, a Safe's
 * execTransaction) succeeds while its inner call to Hushlog failed, so our call's first log must be in it.
 */
async function receiptOnly(
  publicClient: ReadClient,
  { hash, data, contract }: { hash: Hex; data: Hex; contract: Address },
  confirmations: number,
  finality: FinalityRule,
): Promise<TransactionProbe> {
  const receipt = await getTransactionReceipt(publicClient, { hash }).catch(() => null);
  if (!receipt) return { state: "pending" };
  const latest = await getBlockNumber(publicClient, { cacheTime: 0 });
  if (receipt.blockNumber > latest || !(await isBlockCanonical(publicClient, { blockNumber: receipt.blockNumber, blockHash: receipt.blockHash }))) {
    return { state: "pending" };
  }
  if (receipt.status !== "success") return { state: "reverted", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
  const expected = packedCallLog(data).payload;
  if (!decodeHushlogLogs(receipt.logs, { address: contract }).logs.some((log) => samePayload(log.payload, expected))) {
    const reason = "the transaction succeeded but its inner Hushlog call did not (no log emitted)";
    return { state: "reverted", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, reason };
  }
  if (latest - receipt.blockNumber + 1n >= BigInt(confirmations)) return settled(publicClient, receipt.blockNumber, receipt.blockHash, finality);
  return { state: "included", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, timestamp: null };
}

/** `final` or `confirmed` for a canonical block already deep enough to be confirmed. */
async function settled(publicClient: ReadClient, blockNumber: bigint, blockHash: Hex, finality: FinalityRule): Promise<TransactionProbe> {
  const timestamp = await timestampOf(publicClient, blockNumber);
  const final = await isFinal(publicClient, blockNumber, finality);
  return { state: final ? "final" : "confirmed", blockNumber, blockHash, timestamp };
}

async function isFinal(publicClient: ReadClient, blockNumber: bigint, finality: FinalityRule): Promise<boolean> {
  if (finality.tag) {
    // Not every RPC serves `finalized`/`safe` (older nodes, some L2s): then the depth decides.
    const tagged = await getBlock(publicClient, { blockTag: finality.tag }).catch(() => null);
    if (tagged?.number != null) return tagged.number >= blockNumber;
  }
  const latest = await getBlockNumber(publicClient, { cacheTime: 0 });
  return latest - blockNumber + 1n >= BigInt(finality.depth);
}

async function timestampOf(publicClient: ReadClient, blockNumber: bigint): Promise<number | null> {
  return getBlock(publicClient, { blockNumber })
    .then((block) => Number(block.timestamp))
    .catch(() => null);
}
