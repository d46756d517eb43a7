import type { Address } from "viem";
import { getBlock } from "viem/actions";
import { accountTopic } from "../chain/accountTopic.ts";
import { fetchLogs } from "../chain/fetchLogs.ts";
import type { ReadClient } from "../chain/ReadClient.ts";
import type { RetryOptions } from "../chain/withRpcRetry.ts";
import { openPublishedBinding, type CheckBinding } from "./openPublishedBinding.ts";
import { lastAcceptedBinding, selectCurrentBinding, type PublishedBinding } from "./selectCurrentBinding.ts";

export type FindCurrentBindingOptions = {
  account: Address;
  chainId: number;
  contract: Address;
  /** The contract's deploy block (nothing older can hold a binding). */
  fromBlock: bigint;
  /**
   * Other accounts named in the same filter, all sorted (issue 18): the RPC sees one of decoys + 1 accounts, not whose
   * history we read. Their logs come back in the same requests and are dropped unopened.
   */
  decoys?: readonly Address[];
  /** Runs each binding check (default: `checkKeyBinding` alone); the client hides RPC checks among cover checks. */
  check?: CheckBinding;
  /** Unix seconds the current binding must not have expired by; default the local clock. */
  now?: number;
  retry?: RetryOptions;
  signal?: AbortSignal;
};

/**
 * Every valid binding `account` published, in chain order, and the current one among them (see
 * selectCurrentBinding): null when the account never published one, or its current one expired. Reads every
 * `Binding` log under the account (bindings are rare: one per device change or renewal), with one block header per
 * log for its time. Junk posted under the account is ignored. An RPC failure throws.
 *
 * @example
 * const { current, nextSequence } = await findCurrentBinding(publicClient, { account, chainId, contract, fromBlock: deployBlock });
 * // nextSequence: what the account's next createKeyBinding must use
 */
export async function findCurrentBinding(
  publicClient: ReadClient,
  options: FindCurrentBindingOptions,
): Promise<{ current: PublishedBinding | null; published: PublishedBinding[]; nextSequence: bigint; scannedThrough: bigint }> {
  const { account, chainId, contract } = options;
  const { logs, toBlock } = await fetchLogs(publicClient, {
    address: contract,
    event: "Binding",
    tags: [account, ...(options.decoys ?? [])].map(accountTopic).sort(),
    fromBlock: options.fromBlock,
    toBlock: "latest",
    retry: options.retry,
    signal: options.signal,
  });
  const times = new Map<bigint, number>();
  const published: PublishedBinding[] = [];
  const target = accountTopic(account);
  for (const log of logs) {
    if (log.tag.toLowerCase() !== target) continue;
    let blockTime = times.get(log.blockNumber);
    if (blockTime === undefined) {
      blockTime = Number((await getBlock(publicClient, { blockNumber: log.blockNumber })).timestamp);
      times.set(log.blockNumber, blockTime);
    }
    const opened = await openPublishedBinding(publicClient, { account, payload: log.payload, blockNumber: log.blockNumber, logIndex: log.logIndex, blockTime }, { chainId, contract }, options.check);
    if ("published" in opened) published.push(opened.published);
  }
  return {
    current: selectCurrentBinding(published, options.now ?? Math.floor(Date.now() / 1000)),
    published,
    // A new binding must be numbered above the last one that became current, even an expired one.
    nextSequence: (lastAcceptedBinding(published)?.binding.sequence ?? 0n) + 1n,
    scannedThrough: toBlock,
  };
}
