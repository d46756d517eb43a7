import type { Address, Hex } from "viem";
import { BaseError } from "./BaseError.ts";

/** The address holds no code, or code that is not Hushlog (wrong address or wrong chain). */
export class ContractNotFoundError extends BaseError<"CHAIN_CONTRACT_NOT_FOUND"> {
  override name = "ContractNotFoundError";
  constructor({ address, chainId }: { address: Address; chainId: number }) {
    super("CHAIN_CONTRACT_NOT_FOUND", `No Hushlog contract at ${address} on chain ${chainId}.`, {
      metaMessages: ["Check the contract address and that the RPC URL points at the chain it was deployed on."],
    });
  }
}

/** A packed call cannot be encoded: a field is out of range for the contract's packed format. */
export class PackedCalldataError extends BaseError<"CHAIN_PACKED_CALLDATA"> {
  override name = "PackedCalldataError";
  constructor(reason: string) {
    super("CHAIN_PACKED_CALLDATA", `Cannot encode packed calldata: ${reason}`);
  }
}

/** A deployment transaction was mined but reverted or created no contract. */
export class DeploymentFailedError extends BaseError<"CHAIN_DEPLOYMENT_FAILED"> {
  override name = "DeploymentFailedError";
  constructor({ hash }: { hash: Hex }) {
    super("CHAIN_DEPLOYMENT_FAILED", `Deploying Hushlog failed (transaction ${hash}).`);
  }
}

/**
 * The deterministic-deployment proxy (the CREATE2 factory behind the canonical address) is not on this chain and
 * its keyless deployment transaction cannot put it there: the node refuses transactions without a chain id
 * (EIP-155), the base fee is above the transaction's fixed 100 gwei, or other code sits at its address.
 */
export class DeterministicDeployerUnavailableError extends BaseError<"CHAIN_DETERMINISTIC_DEPLOYER_UNAVAILABLE"> {
  override name = "DeterministicDeployerUnavailableError";
  constructor({ chainId, reason, cause }: { chainId: number; reason: string; cause?: unknown }) {
    super("CHAIN_DETERMINISTIC_DEPLOYER_UNAVAILABLE", `The CREATE2 factory cannot be deployed on chain ${chainId}: ${reason}.`, {
      cause,
      details: cause === undefined ? undefined : providerText(cause),
      metaMessages: ["Deploy a private instance instead (deployHushlog(..., { mode: \"private\" })) and pass its address to the clients."],
    });
  }
}

/**
 * The block a contract was deployed in cannot be found: the RPC does not answer `eth_getCode` for past blocks
 * (a node without archive state). Pass the deployment block explicitly (`deployBlock`), or use an archive RPC.
 */
export class DeployBlockUnknownError extends BaseError<"CHAIN_DEPLOY_BLOCK_UNKNOWN"> {
  override name = "DeployBlockUnknownError";
  constructor({ address, chainId, cause }: { address: Address; chainId: number; cause: unknown }) {
    super("CHAIN_DEPLOY_BLOCK_UNKNOWN", `Cannot find the block ${address} was deployed in on chain ${chainId}.`, {
      cause,
      details: providerText(cause),
      metaMessages: ["Pass deployBlock (the contract's deployment block, or 0 to read every block), or use an archive RPC."],
    });
  }
}

// ---------------------------------------------------------------------------------------------- log sync

/** A `fetchLogs` filter that cannot be sent: a malformed tag or sender, an inverted block range, a bad option. */
export class InvalidLogFilterError extends BaseError<"CHAIN_INVALID_LOG_FILTER"> {
  override name = "InvalidLogFilterError";
  constructor(reason: string) {
    super("CHAIN_INVALID_LOG_FILTER", `Invalid log filter: ${reason}`);
  }
}

/**
 * The provider refuses even a single block for one query: the block holds more matching logs than its result
 * cap. Nothing smaller can be asked, so sync cannot continue with this provider and these filters (fewer
 * topics per query, or another provider, may help).
 */
export class LogRangeUnsplittableError extends BaseError<"CHAIN_LOG_RANGE_UNSPLITTABLE"> {
  override name = "LogRangeUnsplittableError";
  readonly blockNumber: bigint;
  constructor({ blockNumber, cause }: { blockNumber: bigint; cause: unknown }) {
    super("CHAIN_LOG_RANGE_UNSPLITTABLE", `The provider rejects eth_getLogs even for the single block ${blockNumber}.`, {
      cause,
      metaMessages: ["Try fewer topics per query (maxTopicsPerQuery) or a provider with a higher result cap."],
    });
    this.blockNumber = blockNumber;
  }
}

/** Rate limits or transient failures (timeouts, 5xx, network) persisted through every retry. */
export class RpcRetriesExhaustedError extends BaseError<"CHAIN_RPC_RETRIES_EXHAUSTED"> {
  override name = "RpcRetriesExhaustedError";
  readonly method: string;
  readonly attempts: number;
  constructor({ method, attempts, cause }: { method: string; attempts: number; cause: unknown }) {
    super("CHAIN_RPC_RETRIES_EXHAUSTED", `${method} still failing after ${attempts} attempts.`, {
      cause,
      details: providerText(cause),
    });
    this.method = method;
    this.attempts = attempts;
  }
}

/** The RPC answered with an error that retrying cannot fix (invalid parameters, unsupported method, ...). */
export class RpcRequestFailedError extends BaseError<"CHAIN_RPC_REQUEST_FAILED"> {
  override name = "RpcRequestFailedError";
  readonly method: string;
  constructor({ method, cause }: { method: string; cause: unknown }) {
    super("CHAIN_RPC_REQUEST_FAILED", `${method} failed with a permanent error.`, { cause, details: providerText(cause) });
    this.method = method;
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. Nothing after the abort was processed. */
export class AbortedError extends BaseError<"CHAIN_ABORTED"> {
  override name = "AbortedError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_ABORTED", "The operation was aborted.", { cause });
  }
}

// ---------------------------------------------------------------------------------------------- submission

/** The wallet is connected to another chain than the Hushlog deployment. Checked before anything is sent. */
export class WrongChainError extends BaseError<"CHAIN_WRONG_CHAIN"> {
  override name = "WrongChainError";
  readonly expected: number;
  readonly actual: number;
  constructor({ expected, actual, cause }: { expected: number; actual: number; cause?: unknown }) {
    super("CHAIN_WRONG_CHAIN", `The wallet is on chain ${actual}, the Hushlog contract on chain ${expected}.`, {
      cause,
      metaMessages: ["Ask the wallet to switch chains, then send again."],
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The user declined the request in the wallet (EIP-1193 4001, CAIP-25 5000). Nothing was sent. */
export class UserRejectedError extends BaseError<"CHAIN_USER_REJECTED"> {
  override name = "UserRejectedError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_USER_REJECTED", "The request was rejected in the wallet.", { cause });
  }
}

/** The account cannot pay for the gas. */
export class InsufficientFundsError extends BaseError<"CHAIN_INSUFFICIENT_FUNDS"> {
  override name = "InsufficientFundsError";
  constructor({ account, cause }: { account: Address; cause?: unknown }) {
    super("CHAIN_INSUFFICIENT_FUNDS", `${account} does not have enough funds to pay for the transaction.`, { cause });
  }
}

/** Gas estimation shows the call would revert (malformed calldata): sending it would only burn gas. */
export class TransactionWouldRevertError extends BaseError<"CHAIN_WOULD_REVERT"> {
  override name = "TransactionWouldRevertError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_WOULD_REVERT", "The transaction would revert.", { cause });
  }
}

/**
 * The transaction needs more gas than a block can hold (or than the account's balance can pay for, which nodes
 * word the same way): not a revert, and no retry helps. Send fewer or shorter messages per transaction.
 */
export class GasLimitExceededError extends BaseError<"CHAIN_GAS_LIMIT_EXCEEDED"> {
  override name = "GasLimitExceededError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_GAS_LIMIT_EXCEEDED", "The transaction needs more gas than the block gas limit allows.", { cause });
  }
}

/** The node refused the transaction (nonce too low, fee too low, replacement underpriced, ...). */
export class TransactionRejectedError extends BaseError<"CHAIN_TRANSACTION_REJECTED"> {
  override name = "TransactionRejectedError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_TRANSACTION_REJECTED", "The node rejected the transaction.", { cause });
  }
}

/** The wallet cannot send this batch the way it was asked (EIP-5792 5700/5710/5740/5750/5760). */
export class BatchUnsupportedError extends BaseError<"CHAIN_BATCH_UNSUPPORTED"> {
  override name = "BatchUnsupportedError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_BATCH_UNSUPPORTED", "The wallet cannot send this batch of calls.", {
      cause,
      metaMessages: ['Use the "eoa" executor, which sends one transaction per call.'],
    });
  }
}

/**
 * The wallet or node may have taken the transaction, but its answer was lost (a timeout or dropped connection after
 * the request was sent, a smart-account wallet that accepted the calls and then stopped answering). The outcome is
 * decided by the chain, never by retrying blindly: a second broadcast could put a second copy on chain.
 */
export class SubmissionOutcomeUnknownError extends BaseError<"CHAIN_SUBMISSION_UNKNOWN"> {
  override name = "SubmissionOutcomeUnknownError";
  /** The EIP-5792 call id when the wallet accepted the calls (then `wallet_getCallsStatus` can still tell). */
  readonly callsId: string | null;
  constructor({ callsId = null, cause }: { callsId?: string | null; cause?: unknown } = {}) {
    super("CHAIN_SUBMISSION_UNKNOWN", "The transaction may or may not have been sent: its answer was lost.", { cause });
    this.callsId = callsId;
  }
}

/** Submitting failed for a reason without its own error class; `cause` has the wallet's or node's error. */
export class SubmissionFailedError extends BaseError<"CHAIN_SUBMISSION_FAILED"> {
  override name = "SubmissionFailedError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("CHAIN_SUBMISSION_FAILED", "Sending the transaction failed.", { cause });
  }
}

/**
 * Some calls of a multi-call submission were broadcast before a later one failed. `submission` lists what WAS
 * sent (track it like any other), `cause` is the failure of call number `failedCall`.
 */
export class PartialSubmissionError<submission = unknown> extends BaseError<"CHAIN_PARTIAL_SUBMISSION"> {
  override name = "PartialSubmissionError";
  readonly submission: submission;
  readonly failedCall: number;
  constructor({ submission, failedCall, cause }: { submission: submission; failedCall: number; cause: unknown }) {
    super("CHAIN_PARTIAL_SUBMISSION", `Call ${failedCall} failed after earlier calls were broadcast.`, { cause });
    this.submission = submission;
    this.failedCall = failedCall;
  }
}

/** A submission id this executor did not issue, or one the wallet no longer knows (EIP-5792 5730). */
export class UnknownSubmissionError extends BaseError<"CHAIN_UNKNOWN_SUBMISSION"> {
  override name = "UnknownSubmissionError";
  constructor({ id, cause }: { id: string; cause?: unknown }) {
    super("CHAIN_UNKNOWN_SUBMISSION", `Unknown submission ${id.length > 80 ? `${id.slice(0, 80)}...` : id}.`, { cause });
  }
}

/**
 * The provider's own words for an RPC failure: viem keeps them in `details` under a generic short message
 * ("Invalid parameters were provided..."), and they are what tells a developer what went wrong.
 */
function providerText(cause: unknown): string | undefined {
  const e = cause as { details?: unknown; shortMessage?: unknown; message?: unknown } | null;
  if (typeof e?.details === "string" && e.details) return e.details;
  if (typeof e?.shortMessage === "string") return e.shortMessage;
  return typeof e?.message === "string" ? e.message : undefined;
}
