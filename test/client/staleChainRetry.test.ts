import { createWalletClient, custom, type Hex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createChain, type AnyChain, type ChainKind } from "../fixtures/createChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { rpcError } from "../fixtures/createFaultyTransport.ts";

/**
 * Issue 21, the main loss: a send fails, the conversation moves on past the receiving chains the peer keeps, then
 * Retry re-broadcast the stored ciphertext on the old chain. It landed, the sender showed it delivered, and the
 * receiver no longer listened on that topic. Now a retry out of the peer's window re-encrypts on the current chain.
 */
describe.each<ChainKind>(["hardhat", "anvil"])("retry after the conversation moved on (%s)", (kind) => {
  let chain: AnyChain;
  let alice: TestClientUser;
  let bob: TestClientUser;
  let conversationId: Hex;
  let rejectNext = false;

  beforeAll(async () => {
    chain = await createChain(kind);
  });
  afterAll(() => chain.close());
  beforeEach(async () => {
    await chain.reset();
    const real = chain.walletClients[1]!;
    // Alice's wallet refuses one send when asked to (a user closing the wallet popup): nothing is broadcast.
    const wallet = createWalletClient({
      account: real.account,
      chain: real.chain,
      transport: custom({
        request: async ({ method, params }) => {
          if (method === "eth_sendTransaction" && rejectNext) {
            rejectNext = false;
            throw rpcError(4001, "User rejected the request.");
          }
          return chain.provider.request({ method, params } as never);
        },
      }),
    });
    alice = await createTestClient(chain, 1, { client: { walletClient: wallet } });
    bob = await createTestClient(chain, 2);
    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
    await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
  });

  const inbound = async (client: HushlogClient) =>
    (await client.messages(conversationId, { limit: 1000 })).filter((m) => m.direction === "in").map((m) => m.content?.text);

  async function failThenExchange(exchanges: number) {
    rejectNext = true;
    const failed = await alice.client.sendMessage(conversationId, "failed first");
    expect((await alice.client.pendingTransactions()).find((p) => p.id === failed.pendingId)?.status).toBe("failed");
    await alice.client.sendMessage(conversationId, "same chain, delivered");
    for (let i = 0; i < exchanges; i++) {
      await syncUntil([bob.client], async () => (await inbound(bob.client)).length >= 1 + i);
      await bob.client.sendMessage(conversationId, `bob ${i}`);
      await syncUntil([alice.client], async () => (await inbound(alice.client)).length >= 1 + i);
      await alice.client.sendMessage(conversationId, `alice ${i}`);
    }
    await syncUntil([bob.client], async () => (await inbound(bob.client)).length === 1 + exchanges);
    return failed;
  }

  it("6 exchanges later: the retried message reaches the peer (re-encrypted on the current chain)", async () => {
    const failed = await failThenExchange(6);
    await alice.client.retry(failed.pendingId);
    await syncUntil([alice.client, bob.client], async () => (await inbound(bob.client)).includes("failed first"), 10);
    expect((await inbound(bob.client)).filter((t) => t === "failed first")).toHaveLength(1);
    // The sender's message keeps its id and shows the state of the new transaction.
    const mine = (await alice.client.messages(conversationId, { limit: 1000 })).find((m) => m.id === failed.messageIds[0]);
    expect(mine?.content?.text).toBe("failed first");
    expect(["included", "confirmed", "final"]).toContain(mine?.status);
  });

  it("2 exchanges later: the same bytes are re-broadcast and delivered", async () => {
    const failed = await failThenExchange(2);
    const stored = (await alice.store.pending.get(failed.pendingId))!.data;
    await alice.client.retry(failed.pendingId);
    expect((await alice.store.pending.get(failed.pendingId))!.data).toEqual(stored);
    await syncUntil([alice.client, bob.client], async () => (await inbound(bob.client)).includes("failed first"), 10);
  });
});
