import type { Address, Hex } from "viem";

/**
 * How calls reach the chain:
 * - `eoa`: one `eth_sendTransaction` per call. Works with every wallet; the hash and nonce are known at once.
 * - `eip5792`: one `wallet_sendCalls` for all calls (atomic when there are several), for wallets whose
 *   `wallet_getCapabilities` reports atomic batching on the chain (smart accounts, EIP-7702 wallets). The
 *   transaction hash is known only once the wallet reports receipts.
 */
export type ExecutorKind = "eoa" | "eip5792";

/** One call to the Hushlog contract: exact calldata bytes (usually packed, see encodePackedCall). */
export type ExecutorCall = { data: Hex };

/** A transaction carrying some of a submission's calls. */
export type SubmittedTransaction = {
  hash: Hex;
  /** The transaction's sender: the account itself for an EOA, possibly a bundler for a smart account. */
  from: Address;
  /** Undefined only while our RPC cannot see the transaction (a wallet broadcasting through another RPC). */
  nonce: number | undefined;
  /** Indexes, into the submitted calls, of the calls this transaction carries (all of them for an atomic batch). */
  calls: number[];
};

/**
 * What `send` broadcast. Persist it (at least `id`, `sentAtBlock` and the transactions) with the pending
 * records: `status(id)` works from the id alone, in a later process too.
 */
export type Submission = {
  /** Stable id. EOA: viem's fallback call-batch id format (hashes, chain id, magic suffix); EIP-5792: the wallet's id. */
  id: string;
  kind: ExecutorKind;
  chainId: number;
  account: Address;
  /** Latest block when sending: the `sinceBlock` for probeTransaction's replacement search. */
  sentAtBlock: bigint;
  /** EOA: one per call, in call order, known at once. EIP-5792: empty until `status` reports receipts. */
  transactions: SubmittedTransaction[];
};

/**
 * - `pending`: something is not mined yet (or the wallet says the batch is pending).
 * - `included`: every call is mined, all successful. Confirmations and reorgs: probeTransaction per hash.
 * - `reverted`: everything is mined and at least one transaction reverted.
 * - `failed`: the wallet reports the batch failed without being (fully) included (EIP-5792 4xx).
 */
export type SubmissionStatus = {
  status: "pending" | "included" | "reverted" | "failed";
  transactions: TrackedTransaction[];
  /** EIP-5792 status code as the wallet reported it; undefined for `eoa`. */
  statusCode?: number;
};

/**
 * `unknown`: neither mined nor known to our node. It may still be propagating, or be dropped or replaced:
 * probeTransaction (with the nonce) tells which.
 */
export type TrackedTransaction = SubmittedTransaction & {
  state: "pending" | "unknown" | "success" | "reverted";
  blockNumber?: bigint;
  blockHash?: Hex;
};

export type Executor = {
  kind: ExecutorKind;
  account: Address;
  chainId: number;
  /**
   * Broadcasts the calls' exact bytes to the Hushlog contract, after checking that the wallet is on the
   * contract's chain. Throws WrongChainError, UserRejectedError, InsufficientFundsError,
   * TransactionWouldRevertError, TransactionRejectedError, BatchUnsupportedError or SubmissionFailedError
   * when nothing was broadcast, and PartialSubmissionError (carrying the Submission of what was) when an
   * `eoa` executor fails after its first call.
   */
  send(calls: readonly ExecutorCall[]): Promise<Submission>;
  /** The submission's current state; UnknownSubmissionError for an id this executor cannot track. */
  status(id: string): Promise<SubmissionStatus>;
  /**
   * Polls `status` until nothing is pending. A dropped transaction stays `unknown` forever, so pass a signal
   * (AbortSignal.timeout) and use probeTransaction to tell drops and replacements apart.
   */
  wait(id: string, options?: { pollingInterval?: number; signal?: AbortSignal }): Promise<SubmissionStatus>;
};
