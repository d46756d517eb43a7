import { isAddressEqual, type Address } from "viem";
import { classifyRpcError } from "../chain/classifyRpcError.ts";
import type { Executor } from "../chain/Executor.ts";
import { SubmissionFailedError, SubmissionOutcomeUnknownError } from "../errors/chainErrors.ts";
import type { ClientContext } from "./ClientContext.ts";

/**
 * The client's sending adapter over a chain Executor. Two rules of issue 21 live here:
 * - a send that failed with a network-like error (timeout, dropped connection, 5xx) after the request went out
 *   may have reached the node: it is SubmissionOutcomeUnknownError, and the chain decides, never a blind retry;
 * - an EIP-5792 wallet's calls are tracked by their call id (`callsStatus`), not waited for here: the record is
 *   written as submitted with the id, and the pending manager follows it across reloads and reorgs.
 *
 * @example
 * const executor = createClientExecutor(() => createExecutor({ walletClient, publicClient, contract }), account);
 */
export function createClientExecutor(getExecutor: () => Promise<Executor>, sender: Address): ClientContext["executor"] {
  return {
    async send(data) {
      const ex = await getExecutor();
      let submission: Awaited<ReturnType<Executor["send"]>>;
      try {
        submission = await ex.send([{ data }]);
      } catch (error) {
        if (error instanceof SubmissionFailedError && classifyRpcError(error.cause).kind === "transient") {
          throw new SubmissionOutcomeUnknownError({ cause: error });
        }
        throw error;
      }
      const transaction = submission.transactions[0];
      if (!transaction) return { hash: null, nonce: null, sentAtBlock: submission.sentAtBlock, callsId: submission.id };
      // A nonce is ours to follow only for our own transaction (not a bundler's or relayer's).
      const ownNonce = ex.kind === "eoa" && isAddressEqual(transaction.from, sender);
      return { hash: transaction.hash, nonce: ownNonce ? (transaction.nonce ?? null) : null, sentAtBlock: submission.sentAtBlock, callsId: null };
    },
    async callsStatus(callsId) {
      const status = await (await getExecutor()).status(callsId);
      const hash = status.transactions.find((t) => t.state === "success" || t.state === "reverted")?.hash ?? null;
      return { status: status.status, hash, ...(status.statusCode === undefined ? {} : { statusCode: status.statusCode }) };
    },
  };
}
