import { createPublicClient, custom, type Hex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createChain, type AnyChain, type ChainKind } from "../fixtures/createChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

/**
 * Issue 21: a message is not finished at "confirmed". A reorg deeper than the confirmation depth used to lose it
 * (the sender's record was deleted at confirmed, the receiver's copy stayed `reorged` forever), and so did a stale
 * receipt from a lagging node after a reorg. Both run on Hardhat (snapshot/revert) and on anvil (anvil_reorg).
 */
describe.each<ChainKind>(["hardhat", "anvil"])("finality (%s)", (kind) => {
  let chain: AnyChain;
  let alice: TestClientUser;
  let bob: TestClientUser;
  let conversationId: Hex;
  /** Raw answers a lagging node would still give for a transaction, by hash (set by the test). */
  const lagging = new Map<string, { receipt: unknown; tx: unknown }>();

  beforeAll(async () => {
    chain = await createChain(kind);
  });
  afterAll(() => chain.close());
  beforeEach(async () => {
    await chain.reset();
    lagging.clear();
    // Alice reads through a load balancer with one node behind: it still serves receipts from the old fork.
    const publicClient = createPublicClient({
      chain: chain.publicClient.chain,
      pollingInterval: 50,
      transport: custom({
        request: async ({ method, params }) => {
          const stale = lagging.get(String((params as unknown[] | undefined)?.[0]).toLowerCase());
          if (stale && method === "eth_getTransactionReceipt") return stale.receipt;
          if (stale && method === "eth_getTransactionByHash") return stale.tx;
          return chain.provider.request({ method, params } as never);
        },
      }),
    });
    alice = await createTestClient(chain, 1, { client: { publicClient: publicClient as never, finality: { depth: 8 } } });
    bob = await createTestClient(chain, 2);
    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
    await chain.testClient.mine({ blocks: 8 });
    await syncUntil([alice.client, bob.client], async () => (await alice.client.conversations()).length === 1 && (await bob.client.pendingTransactions()).length === 0);
    await syncUntil([alice.client], async () => (await alice.client.pendingTransactions()).length === 0);
  });

  const inbound = async (client: HushlogClient) => (await client.messages(conversationId, { limit: 100 })).filter((m) => m.direction === "in");

  /** Where the chain will fork back to: a snapshot on Hardhat, a block number on anvil. */
  async function forkPoint(): Promise<() => Promise<void>> {
    if (kind === "hardhat") {
      const id = await chain.testClient.snapshot();
      return async () => {
        await chain.testClient.revert({ id });
        await chain.testClient.mine({ blocks: 5 });
      };
    }
    const block = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
    return async () => {
      const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
      // anvil_reorg(depth, txs): rewrites the last `depth` blocks without the transactions they held.
      await chain.testClient.request({ method: "anvil_reorg", params: [Number(head - block), []] } as never);
      await chain.testClient.mine({ blocks: 2 });
    };
  }

  async function deliveredAfterReorg(messageId: Hex) {
    await syncUntil(
      [alice.client, bob.client],
      async () => {
        await chain.testClient.mine({ blocks: 1 });
        const got = await inbound(bob.client);
        return got.length === 1 && got[0]!.status === "received" && (await alice.client.pendingTransactions()).length === 0;
      },
      40,
    );
    expect((await inbound(bob.client)).map((m) => m.content?.text)).toEqual(["deep"]);
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageId)?.status).toBe("final");
  }

  it("a reorg deeper than the confirmation depth: the sender keeps watching and re-sends the same bytes", async () => {
    const reorg = await forkPoint();
    const { pendingId, messageIds } = await alice.client.sendMessage(conversationId, "deep");
    const data = (await alice.store.pending.get(pendingId))!.data;
    await chain.testClient.mine({ blocks: 3 });
    await alice.client.sync();
    // Confirmed (depth 4 > 1) and shown so, but not final (depth 8): still watched.
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status).toBe("confirmed");
    expect((await alice.client.pendingTransactions()).map((p) => p.status)).toEqual(["confirmed"]);
    await bob.client.sync();
    expect((await inbound(bob.client)).map((m) => m.status)).toEqual(["received"]);

    await reorg();
    await alice.client.sync();
    await bob.client.sync();
    expect((await inbound(bob.client)).map((m) => m.status)).toEqual(["reorged"]);
    await deliveredAfterReorg(messageIds[0]!);
    // The same ciphertext went out again, never a re-encryption.
    const sent = await chain.publicClient.getTransaction({ hash: (await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])!.txHash! });
    expect(sent.input.slice(-data.length * 2)).toBe([...data].map((b) => b.toString(16).padStart(2, "0")).join(""));
  });

  it("a stale receipt from the old fork (a lagging node) is not taken for inclusion", async () => {
    const reorg = await forkPoint();
    const { messageIds } = await alice.client.sendMessage(conversationId, "deep");
    const hash = (await alice.client.pendingTransactions())[0]!.txHash!;
    await chain.testClient.mine({ blocks: 1 });
    const receipt = await chain.provider.request({ method: "eth_getTransactionReceipt", params: [hash] } as never);
    const tx = await chain.provider.request({ method: "eth_getTransactionByHash", params: [hash] } as never);
    await bob.client.sync();
    await reorg();
    lagging.set(hash.toLowerCase(), { receipt, tx });
    await alice.client.sync();
    await alice.client.sync();
    // The receipt names a block that is not the canonical one at its height: unknown, never confirmed.
    const status = (await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status;
    expect(["submitted", "dropped", "reorged"]).toContain(status);
    lagging.clear(); // the node catches up
    await deliveredAfterReorg(messageIds[0]!);
  });
});
