import type { Address } from "viem";
import { BaseError } from "../errors/BaseError.ts";
import {
  BatchUnsupportedError,
  GasLimitExceededError,
  InsufficientFundsError,
  SubmissionFailedError,
  TransactionRejectedError,
  TransactionWouldRevertError,
  UserRejectedError,
  WrongChainError,
} from "../errors/chainErrors.ts";

const userRejectedCodes = new Set([4001, 5000]);
// EIP-5792: unsupported non-optional capability, unsupported chain, bundle too large, atomic upgrade
// rejected, atomicity not supported.
const batchCodes = new Set([5700, 5710, 5740, 5750, 5760]);

const insufficientFunds = /insufficient funds|doesn't have enough funds|exceeds transaction sender account balance|not enough (balance|funds)/i;
// Hardhat and geth's txpool: "exceeds block gas limit"; geth's estimate: "gas required exceeds allowance (N)";
// anvil's estimate: "Execution reverted with reason: Out of gas: gas required exceeds allowance: N" (so this is
// checked before the revert pattern, which that wording also matches).
const gasLimit = /exceeds (the )?block gas limit|gas required exceeds allowance|gas limit reached|exceeds (the )?(max(imum)? )?transaction gas (limit|cap)/i;
const wouldRevert = /execution reverted|reverted with|vm exception|gas required exceeds allowance|always failing transaction/i;
const rejected = /nonce too (low|high)|nonce has already been used|replacement transaction underpriced|already known|fee cap|max fee per gas less than block base fee|underpriced|intrinsic gas too low|transaction type not supported/i;

/**
 * Maps whatever a wallet or node threw while sending into one Hushlog error (the original stays as `cause`).
 * Reads the whole cause chain: codes first (they are stable), then viem's error names, then node messages,
 * which differ between nodes (Hardhat says "doesn't have enough funds", geth "insufficient funds").
 */
export function toSubmissionError(
  error: unknown,
  { account, chainId, walletChainId }: { account: Address; chainId: number; walletChainId?: number },
): BaseError {
  if (error instanceof BaseError) return error;
  const chain = causeChain(error);
  const codes = chain.map((e) => e.code);
  const names = chain.map((e) => e.name);
  const text = chain.map((e) => e.text).join("\n");

  if (codes.some((c) => c !== undefined && userRejectedCodes.has(c)) || names.includes("UserRejectedRequestError")) {
    return new UserRejectedError({ cause: error });
  }
  if (names.includes("ChainMismatchError") || codes.includes(4901)) {
    return new WrongChainError({ expected: chainId, actual: walletChainId ?? -1, cause: error });
  }
  if (codes.some((c) => c !== undefined && batchCodes.has(c))) return new BatchUnsupportedError({ cause: error });
  if (names.includes("InsufficientFundsError") || insufficientFunds.test(text)) return new InsufficientFundsError({ account, cause: error });
  if (gasLimit.test(text)) return new GasLimitExceededError({ cause: error });
  if (names.includes("ExecutionRevertedError") || wouldRevert.test(text)) return new TransactionWouldRevertError({ cause: error });
  if (codes.includes(-32003) || rejected.test(text)) return new TransactionRejectedError({ cause: error });
  return new SubmissionFailedError({ cause: error });
}

function causeChain(error: unknown): { name: string; code: number | undefined; text: string }[] {
  const out: { name: string; code: number | undefined; text: string }[] = [];
  const seen = new Set<unknown>();
  for (let e = error as Record<string, unknown> | null; e && typeof e === "object" && !seen.has(e) && out.length < 16; e = e.cause as never) {
    seen.add(e);
    const text = [e.shortMessage, e.details, e.shortMessage === undefined ? e.message : undefined].filter((t) => typeof t === "string").join("\n");
    out.push({ name: typeof e.name === "string" ? e.name : "", code: typeof e.code === "number" ? e.code : undefined, text });
  }
  return out;
}
