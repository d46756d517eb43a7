import { createWalletClient, getAddress, keccak256, toHex, type Address, type Hex, type WalletClient } from "viem";
import { getCallsStatus } from "viem/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutor } from "../../src/chain/createExecutor.ts";
import { decodeHushlogLogs } from "../../src/chain/decodeHushlogLogs.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import {
  InsufficientFundsError,
  PartialSubmissionError,
  TransactionWouldRevertError,
  UnknownSubmissionError,
  UserRejectedError,
  WrongChainError,
} from "../../src/errors/chainErrors.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestWallet, type TestWalletOptions } from "../fixtures/createTestWallet.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

const topic = `0x${"cd".repeat(16)}${"00".repeat(16)}` as Hex;
const payload = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 7 + seed) % 250) + 1);
const messageCall = (seed: number) => ({ data: encodePackedCall({ kind: "message", topic, payload: payload(60, seed) }) });
const responseCall = { data: encodePackedCall({ kind: "response", responseTag: keccak256(toHex("response")), payload: payload(200, 9) }) };
const batchCall = {
  data: encodePackedCall({ kind: "batch", messages: [0, 1, 2].map((i) => ({ topic, payload: payload(40, i) })) }),
};

const contract = () => ({ address: chain.deployment.address, chainId: chain.deployment.chainId });
const account = (i: number): Address => getAddress(chain.walletClients[i]!.account.address);

function testWallet(options: Omit<TestWalletOptions, "account"> & { account?: Address }) {
  const wallet = createTestWallet(chain.provider, { account: account(7), ...options });
  const walletClient = createWalletClient({ account: options.account ?? account(7), transport: wallet.transport, pollingInterval: 5 });
  return { wallet, walletClient: walletClient as WalletClient };
}

async function withAutomineOff<T>(fn: () => Promise<T>): Promise<T> {
  await chain.testClient.setAutomine(false);
  try {
    return await fn();
  } finally {
    await chain.testClient.setAutomine(true);
  }
}

describe("createExecutor", () => {
  it("probes the wallet once and picks eip5792 only for atomic batching on the chain", async () => {
    const hardhat = await createExecutor({ walletClient: chain.walletClients[0]!, publicClient: chain.publicClient, contract: contract() });
    expect(hardhat.kind).toBe("eoa");

    const expectations = { supported: "eip5792", legacy: "eip5792", ready: "eoa", unsupported: "eoa", none: "eoa" } as const;
    for (const [capabilities, kind] of Object.entries(expectations)) {
      const { wallet, walletClient } = testWallet({ capabilities: capabilities as TestWalletOptions["capabilities"] });
      const first = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
      const second = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
      expect([capabilities, first.kind, second.kind]).toEqual([capabilities, kind, kind]);
      expect(wallet.calls.filter((m) => m === "wallet_getCapabilities")).toHaveLength(1);
    }

    const { wallet, walletClient } = testWallet({ capabilities: "supported" });
    const forced = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract(), kind: "eoa" });
    expect(forced.kind).toBe("eoa");
    expect(wallet.calls).not.toContain("wallet_getCapabilities");
  });
});

describe("eoa executor", () => {
  it("broadcasts the exact calldata bytes and records each transaction's hash and nonce", async () => {
    const executor = await createExecutor({ walletClient: chain.walletClients[1]!, publicClient: chain.publicClient, contract: contract() });
    const nonce = await chain.publicClient.getTransactionCount({ address: account(1) });
    const calls = [responseCall, batchCall];
    const submission = await executor.send(calls);

    expect(submission).toMatchObject({ kind: "eoa", chainId: contract().chainId, account: account(1) });
    expect(submission.transactions.map((t) => [t.nonce, t.calls, t.from])).toEqual([
      [nonce, [0], account(1)],
      [nonce + 1, [1], account(1)],
    ]);
    for (const [i, tx] of submission.transactions.entries()) {
      expect((await chain.publicClient.getTransaction({ hash: tx.hash })).input).toBe(calls[i]!.data);
    }
    const status = await executor.status(submission.id);
    expect(status.status).toBe("included");
    expect(status.transactions.map((t) => [t.state, t.nonce])).toEqual([
      ["success", nonce],
      ["success", nonce + 1],
    ]);
    // The id is viem's call-batch id for plain transactions, so viem's getCallsStatus reads it too.
    expect((await getCallsStatus(chain.walletClients[1]!, { id: submission.id })).status).toBe("success");
    expect(await executor.wait(submission.id)).toEqual(status);
  });

  it("reports pending while unmined and unknown once dropped from the mempool", async () => {
    const executor = await createExecutor({ walletClient: chain.walletClients[2]!, publicClient: chain.publicClient, contract: contract() });
    await withAutomineOff(async () => {
      const submission = await executor.send([messageCall(1)]);
      expect(submission.transactions[0]!.nonce).toBe(await chain.publicClient.getTransactionCount({ address: account(2) }));
      expect(await executor.status(submission.id)).toMatchObject({ status: "pending", transactions: [{ state: "pending" }] });
      await chain.testClient.dropTransaction({ hash: submission.transactions[0]!.hash });
      expect(await executor.status(submission.id)).toMatchObject({ status: "pending", transactions: [{ state: "unknown" }] });
    });
  });
});

describe("eip5792 executor", () => {
  it("sends a response and first messages in one wallet_sendCalls and resolves hashes, senders and nonces", async () => {
    const { wallet, walletClient } = testWallet({ capabilities: "supported" });
    const executor = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
    expect(executor.kind).toBe("eip5792");
    const nonce = await chain.publicClient.getTransactionCount({ address: account(7) });

    await withAutomineOff(async () => {
      const submission = await executor.send([responseCall, batchCall]);
      expect(submission).toMatchObject({ kind: "eip5792", account: account(7), transactions: [] });
      expect(wallet.calls.filter((m) => m === "wallet_sendCalls")).toHaveLength(1);
      expect(await executor.status(submission.id)).toMatchObject({ status: "pending", statusCode: 100 });
      await chain.testClient.mine({ blocks: 1 });

      const status = await executor.wait(submission.id);
      expect(status).toMatchObject({ status: "included", statusCode: 200 });
      expect(status.transactions.map((t) => [t.state, t.from, t.nonce, t.calls])).toEqual([
        ["success", account(7), nonce, [0]],
        ["success", account(7), nonce + 1, [1]],
      ]);
      const receipts = await Promise.all(status.transactions.map((t) => chain.publicClient.getTransactionReceipt({ hash: t.hash })));
      const { logs } = decodeHushlogLogs(receipts.flatMap((r) => r.logs), { address: chain.deployment.address });
      expect(logs.map((l) => [l.event, l.sender])).toEqual([
        ["HandshakeResponse", account(7)],
        ["Message", account(7)],
        ["Message", account(7)],
        ["Message", account(7)],
      ]);
    });
  });
});

describe("executor errors", () => {
  it("a wallet rejection is UserRejectedError, for both kinds", async () => {
    for (const capabilities of ["supported", "none"] as const) {
      const { walletClient } = testWallet({ capabilities, rejectSend: () => true });
      const executor = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
      await expect(executor.send([messageCall(2)])).rejects.toBeInstanceOf(UserRejectedError);
    }
  });

  it("a wallet on another chain is refused before anything is sent", async () => {
    for (const capabilities of ["supported", "none"] as const) {
      const { wallet, walletClient } = testWallet({ capabilities, chainId: 1 });
      const executor = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
      const error = await executor.send([messageCall(3)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongChainError);
      expect(error).toMatchObject({ expected: contract().chainId, actual: 1 });
      expect(wallet.calls.filter((m) => m === "eth_sendTransaction" || m === "wallet_sendCalls")).toEqual([]);
    }
  });

  it("no funds and reverting calldata have their own errors", async () => {
    await chain.testClient.setBalance({ address: account(6), value: 0n });
    const broke = await createExecutor({ walletClient: chain.walletClients[6]!, publicClient: chain.publicClient, contract: contract() });
    await expect(broke.send([messageCall(4)])).rejects.toBeInstanceOf(InsufficientFundsError);

    const executor = await createExecutor({ walletClient: chain.walletClients[3]!, publicClient: chain.publicClient, contract: contract() });
    await expect(executor.send([{ data: "0x09" }])).rejects.toBeInstanceOf(TransactionWouldRevertError);
  });

  it("a failure after the first of several transactions reports what was sent", async () => {
    const { walletClient } = testWallet({ capabilities: "none", rejectSend: (i) => i === 1 });
    const executor = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
    const error = await executor.send([responseCall, messageCall(5)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialSubmissionError);
    const partial = error as PartialSubmissionError<{ id: string; transactions: unknown[] }>;
    expect(partial.failedCall).toBe(1);
    expect(partial.cause).toBeInstanceOf(UserRejectedError);
    expect(partial.submission.transactions).toHaveLength(1);
    expect((await executor.status(partial.submission.id)).status).toBe("included");
  });

  it("ids it cannot track are UnknownSubmissionError", async () => {
    const eoa = await createExecutor({ walletClient: chain.walletClients[0]!, publicClient: chain.publicClient, contract: contract() });
    await expect(eoa.status("0x1234")).rejects.toBeInstanceOf(UnknownSubmissionError);
    const { walletClient } = testWallet({ capabilities: "supported" });
    const batch = await createExecutor({ walletClient, publicClient: chain.publicClient, contract: contract() });
    await expect(batch.status("0xabcdef")).rejects.toBeInstanceOf(UnknownSubmissionError);
  });
});
