import { getTransaction, getTransactionReceipt } from "viem/actions";
import { getAddress, TransactionNotFoundError, TransactionReceiptNotFoundError, type Hex } from "viem";
import { NONCE_LOOKUP_ATTEMPTS, NONCE_LOOKUP_DELAY_MS } from "../constants.ts";
import type { SubmittedTransaction, TrackedTransaction } from "./Executor.ts";
import { sleep } from "./withRpcRetry.ts";
import type { ReadClient } from "./ReadClient.ts";

export type NonceLookupOptions = { attempts?: number; delayMs?: number };

/**
 * The sender and nonce of a just-broadcast transaction, as our RPC sees it. A wallet may broadcast through its
 * own RPC, so ours can lag: ask a few times (doubling delays) before settling for an unknown nonce.
 */
export async function lookupTransaction(
  publicClient: ReadClient,
  hash: Hex,
  { attempts = NONCE_LOOKUP_ATTEMPTS, delayMs = NONCE_LOOKUP_DELAY_MS }: NonceLookupOptions = {},
): Promise<{ from: SubmittedTransaction["from"]; nonce: number } | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(delayMs * 2 ** (attempt - 1));
    const tx = await getTransaction(publicClient, { hash }).catch((error: unknown) => {
      if (error instanceof TransactionNotFoundError) return undefined;
      throw error;
    });
    if (tx) return { from: getAddress(tx.from), nonce: tx.nonce };
  }
  return undefined;
}

/** The state of one submitted transaction: mined (success or reverted), pending in our node's mempool, or unknown. */
export async function trackTransaction(publicClient: ReadClient, tx: SubmittedTransaction): Promise<TrackedTransaction> {
  const receipt = await getTransactionReceipt(publicClient, { hash: tx.hash }).catch((error: unknown) => {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  });
  if (receipt) {
    const nonce = tx.nonce ?? (await lookupTransaction(publicClient, tx.hash, { attempts: 1 }))?.nonce;
    return { ...tx, from: getAddress(receipt.from), nonce, state: receipt.status, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
  }
  const seen = await lookupTransaction(publicClient, tx.hash, { attempts: 1 });
  if (!seen) return { ...tx, state: "unknown" };
  return { ...tx, from: seen.from, nonce: seen.nonce, state: "pending" };
}
