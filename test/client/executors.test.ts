import { createWalletClient, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { createTestWallet, type TestWallet } from "../fixtures/createTestWallet.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
let wallet: TestWallet;
let rejectNext = false;
let conversationId: Hex;

beforeAll(async () => {
  chain = await createTestChain();
  const account = chain.walletClients[1]!.account.address;
  wallet = createTestWallet(chain.provider, {
    account,
    capabilities: "supported",
    rejectSend: () => {
      const reject = rejectNext;
      rejectNext = false;
      return reject;
    },
  });
  const walletClient = createWalletClient({ account, chain: chain.walletClients[1]!.chain, transport: wallet.transport });
  alice = await createTestClient(chain, 1, { client: { walletClient } });
  bob = await createTestClient(chain, 2);
});
afterAll(() => chain.close());

describe("executors chosen by the wallet's capabilities", () => {
  it("an EIP-5792 wallet sends through wallet_sendCalls and the lifecycle still ends confirmed", async () => {
    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
    await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
    await alice.client.sendMessages([
      { conversationId, content: "batched 1" },
      { conversationId, content: "batched 2" },
    ]);
    await syncUntil([alice.client, bob.client], async () => (await bob.client.messages(conversationId)).length === 2 && (await alice.client.pendingTransactions()).length === 0);
    expect(wallet.calls).toContain("wallet_getCapabilities");
    expect(wallet.calls).toContain("wallet_sendCalls");
    expect(wallet.calls).not.toContain("eth_sendTransaction");
    expect((await alice.client.messages(conversationId)).map((m) => m.status)).toEqual(["final", "final"]);
  });

  it("a rejected signature leaves the message failed, retryable with the same bytes", async () => {
    rejectNext = true;
    const { pendingId, messageIds } = await alice.client.sendMessage(conversationId, "second try");
    const [failed] = await alice.client.pendingTransactions();
    expect(failed).toMatchObject({ id: pendingId, status: "failed" });
    expect(failed!.error).toMatch(/reject/i);
    await alice.client.retry(pendingId);
    await syncUntil([alice.client, bob.client], async () => (await bob.client.messages(conversationId)).length === 3);
    expect((await bob.client.messages(conversationId)).at(-1)!.content?.text).toBe("second try");
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])!.status).toMatch(/included|confirmed|final/);
  });
});
