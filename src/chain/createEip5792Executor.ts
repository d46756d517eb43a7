import { getBlockNumber } from "viem/actions";
import { BaseError as ViemBaseError, getAddress, numberToHex } from "viem";
import { getCallsStatus } from "viem/actions";
import { UnknownSubmissionError } from "../errors/chainErrors.ts";
import { assertWalletChain } from "./assertWalletChain.ts";
import type { ExecutorParameters } from "./createEoaExecutor.ts";
import type { Executor, ExecutorCall, Submission, SubmissionStatus } from "./Executor.ts";
import { toSubmissionError } from "./toSubmissionError.ts";
import { trackTransaction } from "./trackTransaction.ts";
import { sleep } from "./withRpcRetry.ts";

/**
 * Sends all calls in one EIP-5792 `wallet_sendCalls` (version 2.0.0), atomic when there are several: a
 * handshake response and the first messages land together or not at all. Hashes come from
 * `wallet_getCallsStatus` receipts; each is then looked up on our RPC for its sender and nonce, so the
 * pending manager can follow it with probeTransaction like any other transaction.
 */
export function createEip5792Executor({ walletClient, publicClient, contract, account: account_ }: ExecutorParameters): Executor {
  const account = account_ ?? walletClient.account;
  if (!account) throw new TypeError("createEip5792Executor needs an account (on the wallet client or as `account`)");
  const address = getAddress(typeof account === "string" ? account : account.address);
  const { chainId } = contract;
  // Call counts per id, for mapping receipts to calls while this process lives; after a restart a batch with
  // as many receipts as calls maps one to one, an atomic batch's single receipt to all calls.
  const callCounts = new Map<string, number>();

  const status = async (id: string): Promise<SubmissionStatus> => {
    let result: Awaited<ReturnType<typeof getCallsStatus>>;
    try {
      result = await getCallsStatus(walletClient, { id });
    } catch (error) {
      // EIP-5792 5730: the wallet does not know this id (another wallet, or one that forgot it). Anything else
      // (a network failure, a disconnected wallet) is not about the id: let it through as it is.
      const unknownId = error instanceof ViemBaseError && error.walk((e) => (e as { code?: unknown }).code === 5730) !== null;
      if (unknownId) throw new UnknownSubmissionError({ id, cause: error });
      throw error;
    }
    const receipts = result.receipts ?? [];
    const callCount = callCounts.get(id) ?? receipts.length;
    const transactions = await Promise.all(
      receipts.map((receipt, i) =>
        trackTransaction(publicClient, {
          hash: receipt.transactionHash,
          from: address,
          nonce: undefined,
          calls: receipts.length === callCount ? [i] : receipts.length === 1 ? range(callCount) : [],
        }),
      ),
    );
    const code = result.statusCode;
    const state: SubmissionStatus["status"] =
      code < 200 ? "pending" : code < 300 ? "included" : code < 500 ? "failed" : "reverted";
    // A wallet may call a batch done before our RPC has the receipts: keep it pending until it does.
    const caughtUp = transactions.every((t) => t.state === "success" || t.state === "reverted");
    return { status: state === "included" && !caughtUp ? "pending" : state, transactions, statusCode: code };
  };

  return {
    kind: "eip5792",
    account: address,
    chainId,
    async send(calls: readonly ExecutorCall[]): Promise<Submission> {
      if (calls.length === 0) throw new TypeError("send needs at least one call");
      await assertWalletChain(walletClient, chainId);
      const sentAtBlock = await getBlockNumber(publicClient, { cacheTime: 0 });
      let id: string;
      try {
        // Sent as a raw request: viem's sendCalls needs a chain object on the client, and does its own
        // error mapping; the wire format is the same.
        const response = (await walletClient.request(
          {
            method: "wallet_sendCalls",
            params: [
              {
                version: "2.0.0",
                chainId: numberToHex(chainId),
                from: address,
                atomicRequired: calls.length > 1,
                calls: calls.map((call) => ({ to: contract.address, data: call.data })),
              },
            ],
          },
          { retryCount: 0 },
        )) as string | { id: string };
        id = typeof response === "string" ? response : response.id;
      } catch (error) {
        throw toSubmissionError(error, { account: address, chainId });
      }
      callCounts.set(id, calls.length);
      return { id, kind: "eip5792", chainId, account: address, sentAtBlock, transactions: [] };
    },
    status,
    async wait(id, { pollingInterval = walletClient.pollingInterval, signal } = {}) {
      for (;;) {
        const current = await status(id);
        if (current.status !== "pending") return current;
        await sleep(pollingInterval, signal);
      }
    },
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

