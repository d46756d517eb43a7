import { parseEther, type Address, type Hex, type WalletClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendingKeyFundsError } from "../../src/errors/reactErrors.ts";
import { createSendingKey } from "../../src/react/createSendingKey.ts";
import { createSendingKeyWalletClient } from "../../src/react/createSendingKeyWalletClient.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

/** What the chain executor calls on a wallet client. */
const send = (wallet: WalletClient, args: { to: Address; data: Hex; value?: bigint }) => (wallet.sendTransaction as unknown as (a: typeof args) => Promise<Hex>)(args);

describe("createSendingKeyWalletClient", () => {
  it("signs with the key (the node sees it as the sender) and numbers concurrent sends one after the other", async () => {
    const key = await createSendingKey();
    const wallet = createSendingKeyWalletClient(key, chain.publicClient, chain.deployment.chainId);
    await chain.walletClients[0]!.sendTransaction({ to: key.address, value: parseEther("1") });
    // Five sends started together, as a fast typist and the client's own sends can: each gets its own nonce.
    const hashes = await Promise.all(
      Array.from({ length: 5 }, () => send(wallet, { to: chain.walletClients[1]!.account.address, data: "0x" })),
    );
    const transactions = await Promise.all(hashes.map((hash) => chain.publicClient.getTransaction({ hash })));
    expect(transactions.map((t) => t.from.toLowerCase())).toEqual(Array(5).fill(key.address.toLowerCase()));
    expect(transactions.map((t) => t.nonce).sort()).toEqual([0, 1, 2, 3, 4]);
    // A real EIP-1559 transaction, as the node decoded it: type 2, chain id, the value of a top-up-like transfer.
    const transfer = await chain.publicClient.getTransaction({ hash: await send(wallet, { to: chain.walletClients[1]!.account.address, data: "0x", value: 5n }) });
    expect([transfer.type, transfer.chainId, transfer.value, transfer.nonce]).toEqual(["eip1559", chain.deployment.chainId, 5n, 5]);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: transfer.hash });
    expect(receipt.status).toBe("success");
    key.wipe();
  });

  it("sends a legacy EIP-155 transaction where the chain reports no base fee (pre-London rules), signed by the key", async () => {
    const key = await createSendingKey();
    await chain.walletClients[0]!.sendTransaction({ to: key.address, value: parseEther("1") });
    // The same node, read through a client that drops the base fee from blocks, as a pre-London chain's node does.
    const request = (async (args: { method: string; params?: unknown }, options?: unknown) => {
      const answer = await (chain.publicClient.request as (a: unknown, o?: unknown) => Promise<unknown>)(args, options);
      if (args.method !== "eth_getBlockByNumber" || !answer) return answer;
      const { baseFeePerGas: _dropped, ...block } = answer as Record<string, unknown>;
      return block;
    }) as typeof chain.publicClient.request;
    const wallet = createSendingKeyWalletClient(key, { ...chain.publicClient, request }, chain.deployment.chainId);
    const hash = await send(wallet, { to: chain.walletClients[1]!.account.address, data: "0x1234", value: 7n });
    const transaction = await chain.publicClient.getTransaction({ hash });
    expect([transaction.type, transaction.from.toLowerCase(), transaction.value, transaction.input]).toEqual(["legacy", key.address.toLowerCase(), 7n, "0x1234"]);
    // EIP-155: v = chain id x 2 + 35 + y parity, so the transaction cannot be replayed on another chain.
    expect([35n, 36n]).toContain(transaction.v - BigInt(chain.deployment.chainId) * 2n);
    expect((await chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    key.wipe();
  });

  it("turns the node's lack-of-funds refusal into SendingKeyFundsError with the reason the pending entry shows", async () => {
    const key = await createSendingKey();
    const wallet = createSendingKeyWalletClient(key, chain.publicClient, chain.deployment.chainId);
    const sent = send(wallet, { to: chain.walletClients[1]!.account.address, data: "0x" });
    await expect(sent).rejects.toBeInstanceOf(SendingKeyFundsError);
    await expect(sent).rejects.toMatchObject({ code: "REACT_SENDING_KEY_FUNDS", address: key.address, shortMessage: expect.stringMatching(/^not enough funds in this browser's sending key/) });
    key.wipe();
  });
});
