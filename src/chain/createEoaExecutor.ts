import { getBlockNumber } from "viem/actions";
import { concat, getAddress, hexToNumber, numberToHex, sliceHex, type Account, type Address, type Hex, type WalletClient } from "viem";
import { PartialSubmissionError, UnknownSubmissionError } from "../errors/chainErrors.ts";
import { assertWalletChain } from "./assertWalletChain.ts";
import type { Executor, ExecutorCall, Submission, SubmissionStatus, SubmittedTransaction } from "./Executor.ts";
import { toSubmissionError } from "./toSubmissionError.ts";
import { lookupTransaction, trackTransaction, type NonceLookupOptions } from "./trackTransaction.ts";
import { sleep } from "./withRpcRetry.ts";
import type { ReadClient } from "./ReadClient.ts";

/** viem's suffix for call-batch ids made of plain transaction hashes (its sendCalls fallback uses the same format). */
const magicSuffix = "0x5792579257925792579257925792579257925792579257925792579257925792";

export type ExecutorParameters = {
  walletClient: WalletClient;
  publicClient: ReadClient;
  contract: { address: Address; chainId: number };
  /** The sending account; defaults to the wallet client's account. */
  account?: Account | Address;
  nonceLookup?: NonceLookupOptions;
};

/**
 * Sends each call as its own transaction (`eth_sendTransaction` through the wallet, or signed locally for a
 * local account), one after the other so the wallet assigns consecutive nonces. The submission id lists the
 * hashes, so `status` needs no memory of the send.
 */
export function createEoaExecutor({ walletClient, publicClient, contract, account: account_, nonceLookup }: ExecutorParameters): Executor {
  const account = account_ ?? walletClient.account;
  if (!account) throw new TypeError("createEoaExecutor needs an account (on the wallet client or as `account`)");
  const address = getAddress(typeof account === "string" ? account : account.address);
  const { chainId } = contract;

  const status = async (id: string): Promise<SubmissionStatus> => {
    const hashes = decodeId(id, chainId);
    const transactions = await Promise.all(
      hashes.map((hash, i) => trackTransaction(publicClient, { hash, from: address, nonce: undefined, calls: [i] })),
    );
    const states = transactions.map((t) => t.state);
    const settled = states.every((s) => s === "success" || s === "reverted");
    return {
      status: !settled ? "pending" : states.includes("reverted") ? "reverted" : "included",
      transactions,
    };
  };

  return {
    kind: "eoa",
    account: address,
    chainId,
    async send(calls: readonly ExecutorCall[]): Promise<Submission> {
      if (calls.length === 0) throw new TypeError("send needs at least one call");
      await assertWalletChain(walletClient, chainId);
      const sentAtBlock = await getBlockNumber(publicClient, { cacheTime: 0 });
      const transactions: SubmittedTransaction[] = [];
      const submission = (): Submission => ({
        id: encodeId(transactions.map((t) => t.hash), chainId),
        kind: "eoa",
        chainId,
        account: address,
        sentAtBlock,
        transactions,
      });
      for (const [index, call] of calls.entries()) {
        let hash: Hex;
        try {
          // The wallet client's own method, not viem/actions' sendTransaction: the app (wagmi) already ships that
          // code with its client, and importing it again would add viem's transaction preparation, serializers and
          // a second secp256k1 to every browser bundle of Hushlog (about 25 kB gzip).
          hash = await walletClient.sendTransaction({
            account,
            chain: walletClient.chain ?? null,
            to: contract.address,
            data: call.data,
          });
        } catch (error) {
          const mapped = toSubmissionError(error, { account: address, chainId });
          if (transactions.length === 0) throw mapped;
          throw new PartialSubmissionError({ submission: submission(), failedCall: index, cause: mapped });
        }
        // Broadcast already: a failing lookup must not turn this into a failed send (the tracker finds it later).
        const seen = await lookupTransaction(publicClient, hash, nonceLookup).catch(() => undefined);
        transactions.push({ hash, from: address, nonce: seen?.nonce, calls: [index] });
      }
      return submission();
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

function encodeId(hashes: Hex[], chainId: number): string {
  return concat([...hashes, numberToHex(chainId, { size: 32 }), magicSuffix]);
}

function decodeId(id: string, chainId: number): Hex[] {
  const body = id.slice(2);
  const valid = /^0x[0-9a-fA-F]*$/.test(id) && body.length % 64 === 0 && body.length >= 64 * 3 && id.toLowerCase().endsWith(magicSuffix.slice(2));
  if (!valid || hexToNumber(sliceHex(id as Hex, -64, -32)) !== chainId) throw new UnknownSubmissionError({ id });
  return (body.slice(0, -128).match(/.{64}/g) ?? []).map((h) => `0x${h}` as Hex);
}
