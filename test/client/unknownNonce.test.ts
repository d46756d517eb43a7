import { createPublicClient, createWalletClient, custom, HttpRequestError, type Hex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NotRetryableError } from "../../src/errors/clientErrors.ts";
import { UNSEEN_TRANSACTION_BLOCKS } from "../../src/constants.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createChain, type AnyChain, type ChainKind } from "../fixtures/createChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

/**
 * Issue 21: truthful tracking without a known nonce, on Hardhat and anvil.
 * - a transaction dropped before the client learnt its nonce stayed `submitted` forever (retry refused);
 * - a speed-up made in that window was never followed;
 * - a broadcast whose answer was lost after it reached the node was shown `failed`, and a retry put a second copy
 *   on chain.
 */
describe.each<ChainKind>(["hardhat", "anvil"])("without a known nonce (%s)", (kind) => {
  let chain: AnyChain;
  let alice: TestClientUser;
  let bob: TestClientUser;
  let conversationId: Hex;
  /** Hashes Alice's RPC does not show (the wallet broadcast through its own RPC). */
  const hidden = new Set<string>();
  let loseNextAnswer = false;
  let hideNextSend = false;

  beforeAll(async () => {
    chain = await createChain(kind);
  });
  afterAll(() => chain.close());
  beforeEach(async () => {
    await chain.reset();
    hidden.clear();
    const real = chain.walletClients[1]!;
    const wallet = createWalletClient({
      account: real.account,
      chain: real.chain,
      transport: custom(
        {
          request: async ({ method, params }) => {
            const answer = await chain.provider.request({ method, params } as never);
            if (method === "eth_sendTransaction" && hideNextSend) {
              hideNextSend = false;
              hidden.add(String(answer).toLowerCase());
            }
            if (method === "eth_sendTransaction" && loseNextAnswer) {
              loseNextAnswer = false;
              // The node took it; the answer never came back.
              throw new HttpRequestError({ url: "https://wallet.invalid", status: 504, details: "Gateway Timeout" });
            }
            return answer;
          },
        },
        { retryCount: 0 },
      ),
    });
    const publicClient = createPublicClient({
      chain: chain.publicClient.chain,
      transport: custom({
        request: async ({ method, params }) => {
          if (method === "eth_getTransactionByHash" && hidden.has(String((params as unknown[])[0]).toLowerCase())) return null;
          return chain.provider.request({ method, params } as never);
        },
      }),
    });
    alice = await createTestClient(chain, 1, { client: { walletClient: wallet, publicClient: publicClient as never } });
    bob = await createTestClient(chain, 2);
    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
    await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
  });

  const inbound = async (client: HushlogClient) => (await client.messages(conversationId, { limit: 100 })).filter((m) => m.direction === "in").map((m) => m.content?.text);
  const copiesOnChain = async (text: string) => {
    await bob.client.sync();
    return (await inbound(bob.client)).filter((t) => t === text).length;
  };

  /** Sends with automine off and Alice's RPC blind to the new hash, so the client never learns its nonce. */
  async function sendUnseen(text: string) {
    await chain.testClient.setAutomine(false);
    hideNextSend = true;
    const sent = await alice.client.sendMessage(conversationId, text);
    const record = (await alice.store.pending.get(sent.pendingId))!;
    expect(record.nonce).toBe(null);
    return { ...sent, hash: record.txHash! };
  }

  it("dropped before its nonce was known: found nowhere, re-sent after the grace blocks, delivered once", async () => {
    const { hash, pendingId } = await sendUnseen("dropped unseen");
    await chain.testClient.dropTransaction({ hash });
    await chain.testClient.setAutomine(true);
    for (let i = 0n; i <= UNSEEN_TRANSACTION_BLOCKS; i++) {
      await chain.testClient.mine({ blocks: 1 });
      await alice.client.sync();
    }
    // Re-broadcast (the same bytes) once the grace blocks passed without a trace of the first copy.
    const record = await alice.store.pending.get(pendingId);
    expect(record === null || record.attempts >= 2).toBe(true);
    await syncUntil([alice.client, bob.client], async () => (await inbound(bob.client)).includes("dropped unseen"));
    expect(await copiesOnChain("dropped unseen")).toBe(1);
  });

  it("sped up before its nonce was known: the replacement is followed", async () => {
    const { hash } = await sendUnseen("sped up unseen");
    const tx = await chain.publicClient.getTransaction({ hash });
    await chain.testClient.dropTransaction({ hash });
    await chain.walletClients[1]!.sendTransaction({
      to: chain.deployment.address,
      data: tx.input,
      nonce: tx.nonce,
      gas: tx.gas,
      maxFeePerGas: tx.maxFeePerGas! * 3n,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas! * 3n,
    });
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    await syncUntil([alice.client, bob.client], async () => (await alice.client.pendingTransactions()).length === 0, 10);
    expect(await copiesOnChain("sped up unseen")).toBe(1);
  });

  it("a lost broadcast answer is 'unknown' (not failed, not retryable) until the chain says; never a second copy", async () => {
    loseNextAnswer = true;
    const { pendingId, messageIds } = await alice.client.sendMessage(conversationId, "answer lost");
    expect((await alice.client.pendingTransactions()).find((p) => p.id === pendingId)?.status).toBe("unknown");
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status).toBe("unknown");
    await expect(alice.client.retry(pendingId)).rejects.toBeInstanceOf(NotRetryableError);
    await syncUntil([alice.client, bob.client], async () => (await alice.client.pendingTransactions()).length === 0);
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status).toBe("final");
    expect(await copiesOnChain("answer lost")).toBe(1);
  });

  it("a lost answer of a send that never reached the chain: failed after the grace blocks, then retryable", async () => {
    await chain.testClient.setAutomine(false);
    loseNextAnswer = true;
    const { pendingId } = await alice.client.sendMessage(conversationId, "lost and gone");
    const hash = (await chain.publicClient.getBlock({ blockTag: "pending", includeTransactions: true })).transactions.at(-1)!.hash;
    await chain.testClient.dropTransaction({ hash });
    await chain.testClient.setAutomine(true);
    for (let i = 0n; i <= UNSEEN_TRANSACTION_BLOCKS; i++) {
      await chain.testClient.mine({ blocks: 1 });
      await alice.client.sync();
    }
    expect((await alice.client.pendingTransactions()).find((p) => p.id === pendingId)?.status).toBe("failed");
    await alice.client.retry(pendingId);
    await syncUntil([alice.client, bob.client], async () => (await inbound(bob.client)).includes("lost and gone"));
    expect(await copiesOnChain("lost and gone")).toBe(1);
  });
});
