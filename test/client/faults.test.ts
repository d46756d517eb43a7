import { createPublicClient, createWalletClient, custom, getAddress, type Hex } from "viem";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { createFaultyTransport } from "../fixtures/createFaultyTransport.ts";
import { hushlogAbi } from "../../src/chain/hushlogAbi.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
let conversationId: Hex;
/** When set, rewrites Alice's next eth_sendTransaction params (then clears itself). */
let tamper: ((tx: Record<string, unknown>) => Record<string, unknown>) | null = null;

/** Alice's wallet goes through a transport the test can tamper with; everything else is the real chain. */
function tamperableWallet(index: number) {
  const real = chain.walletClients[index]!;
  return createWalletClient({
    account: real.account,
    chain: real.chain,
    transport: custom({
      request: async ({ method, params }) => {
        if (method === "eth_sendTransaction" && tamper) {
          const rewrite = tamper;
          tamper = null;
          params = [rewrite((params as Record<string, unknown>[])[0]!)];
        }
        return chain.provider.request({ method, params } as never);
      },
    }),
  });
}

beforeEach(async () => {
  chain = await createTestChain();
  alice = await createTestClient(chain, 1, { client: { walletClient: tamperableWallet(1) } });
  bob = await createTestClient(chain, 2);
  await alice.client.startConversation(bob.wallet.account.address);
  await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
  ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
  await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
});
afterEach(() => chain.close());

const texts = async (client: HushlogClient, direction: "in" | "out") =>
  (await client.messages(conversationId, { limit: 1000 })).filter((m) => m.direction === direction).map((m) => m.content?.text);

describe("fault handling: every message delivered exactly once", () => {
  it("a reverted transaction is reported, and a retry re-broadcasts the identical bytes", async () => {
    tamper = (tx) => ({ ...tx, data: `0x09${String(tx.data).slice(4)}`, gas: "0x30000" });
    // Hardhat refuses a reverting eth_sendTransaction while automining; a real node would mine it. Mine by hand.
    await chain.testClient.setAutomine(false);
    const { pendingId, messageIds } = await alice.client.sendMessage(conversationId, "reverts first");
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    await syncUntil([alice.client], async () => (await alice.client.pendingTransactions())[0]?.status === "reverted");
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status).toBe("reverted");
    await bob.client.sync();
    expect(await texts(bob.client, "in")).toEqual([]);

    await alice.client.retry(pendingId);
    await syncUntil([alice.client, bob.client], async () => (await texts(bob.client, "in")).length === 1 && (await alice.client.pendingTransactions()).length === 0);
    expect(await texts(bob.client, "in")).toEqual(["reverts first"]);
    expect((await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0])?.status).toBe("final");
  });

  it("a dropped transaction is re-broadcast with the same bytes", async () => {
    await chain.testClient.setAutomine(false);
    const statuses: string[] = [];
    alice.client.on("pending", (e) => statuses.push(e.status));
    await alice.client.sendMessage(conversationId, "dropped once");
    const [first] = await alice.client.pendingTransactions();
    await chain.testClient.dropTransaction({ hash: first!.txHash! });
    await expect(chain.publicClient.getTransaction({ hash: first!.txHash! })).rejects.toThrow();
    await alice.client.sync();
    // The same signed bytes under the same (freed) nonce: the same hash, back in the mempool.
    const [second] = await alice.client.pendingTransactions();
    expect(second!.txHash).toBe(first!.txHash);
    expect(second!.attempts).toBe(2);
    const sent = await chain.publicClient.getTransaction({ hash: second!.txHash! });
    expect(sent.input).toBe((await alice.store.pending.get(second!.id))!.data.reduce((h, b) => h + b.toString(16).padStart(2, "0"), "0x"));
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    await syncUntil([alice.client, bob.client], async () => (await texts(bob.client, "in")).length === 1 && (await alice.client.pendingTransactions()).length === 0);
    expect(await texts(bob.client, "in")).toEqual(["dropped once"]);
    expect(statuses).toEqual(expect.arrayContaining(["submitted", "dropped", "included", "confirmed"]));
  });

  it("a replacement: a speed-up is followed, a cancel is re-broadcast", async () => {
    await chain.testClient.setAutomine(false);
    const from = alice.wallet.account.address;
    // Speed-up: the same calldata under the same nonce, with a higher fee.
    await alice.client.sendMessage(conversationId, "sped up");
    const [original] = await alice.client.pendingTransactions();
    const tx = await chain.publicClient.getTransaction({ hash: original!.txHash! });
    const speedUp = await chain.walletClients[1]!.sendTransaction({
      to: chain.deployment.address,
      data: tx.input,
      nonce: tx.nonce,
      gas: tx.gas,
      maxFeePerGas: tx.maxFeePerGas! * 3n,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas! * 3n,
    });
    await chain.testClient.mine({ blocks: 1 });
    await alice.client.sync();
    expect((await alice.client.pendingTransactions())[0]?.txHash ?? speedUp).toBe(speedUp);

    // Cancel: a zero transfer to self takes the nonce; the message must go out again.
    await alice.client.sendMessage(conversationId, "cancelled once");
    const cancelled = (await alice.client.pendingTransactions()).find((p) => p.status === "submitted" && p.txHash !== speedUp)!;
    const ctx = await chain.publicClient.getTransaction({ hash: cancelled.txHash! });
    await chain.walletClients[1]!.sendTransaction({
      to: from,
      value: 0n,
      nonce: ctx.nonce,
      maxFeePerGas: ctx.maxFeePerGas! * 3n,
      maxPriorityFeePerGas: ctx.maxPriorityFeePerGas! * 3n,
    });
    await chain.testClient.mine({ blocks: 1 });
    await alice.client.sync();
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    await syncUntil([alice.client, bob.client], async () => (await texts(bob.client, "in")).length === 2 && (await alice.client.pendingTransactions()).length === 0);
    expect((await texts(bob.client, "in")).sort()).toEqual(["cancelled once", "sped up"]);
  });

  it("a reorg that re-includes a message in another block: marked, matched again, never shown twice", async () => {
    await chain.testClient.setAutomine(false);
    await alice.client.sendMessage(conversationId, "reorged and back");
    const snapshot = await chain.testClient.snapshot(); // the message is in this snapshot's mempool
    await chain.testClient.mine({ blocks: 1 });
    await bob.client.sync();
    const [before] = await bob.client.messages(conversationId);
    expect(before!.status).toBe("received");

    const reorgStatuses: string[] = [];
    bob.client.on("status", (e) => reorgStatuses.push(e.status));
    await chain.testClient.revert({ id: snapshot });
    // Another transaction first, so the re-mined block differs.
    await chain.walletClients[5]!.sendTransaction({ to: chain.walletClients[6]!.account.address, value: 1n });
    await chain.testClient.mine({ blocks: 2 });
    await chain.testClient.setAutomine(true);
    await bob.client.sync();
    expect(reorgStatuses).toEqual(["reorged", "received"]);
    const after = (await bob.client.messages(conversationId)).filter((m) => m.direction === "in");
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before!.id);
    expect(after[0]!.blockNumber).not.toBe(null);
    expect(after[0]!.status).toBe("received");
  });

  it("a handshake re-mined after a reorg at another log index is still one request", async () => {
    const carol = await createTestClient(chain, 3);
    // Carol's binding is published (and mined) first, so the handshake is the only Hushlog log of its block.
    await carol.client.sync();
    await chain.testClient.setAutomine(false);
    await carol.client.startConversation(bob.wallet.account.address);
    const snapshot = await chain.testClient.snapshot();
    await chain.testClient.mine({ blocks: 1 });
    await bob.client.sync();
    const [first] = await bob.client.requests("pending");
    expect(first!.id.endsWith(":0")).toBe(true);

    await chain.testClient.revert({ id: snapshot });
    // A higher-paying Hushlog log goes first, so the re-mined handshake gets log index 1.
    await chain.walletClients[5]!.writeContract({
      address: chain.deployment.address,
      abi: hushlogAbi,
      functionName: "sendMessage",
      args: [`0x${"ab".repeat(32)}`, "0x01"],
      maxPriorityFeePerGas: 10n ** 11n,
      maxFeePerGas: 10n ** 12n,
    });
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    const [handshakeLog] = await chain.publicClient.getContractEvents({ address: chain.deployment.address, abi: hushlogAbi, eventName: "Handshake" });
    expect(handshakeLog!.logIndex).toBe(1);
    await bob.client.sync();
    expect((await bob.client.requests("pending")).map((r) => r.id)).toEqual([first!.id]);
  });

  it("a reorg that removes a message for good: kept as reorged, then delivered by the sender's re-broadcast", async () => {
    alice = { ...alice, client: alice.restart({ confirmations: 3 }) };
    const snapshot = await chain.testClient.snapshot();
    await alice.client.sendMessage(conversationId, "lost in a reorg");
    await syncUntil([bob.client], async () => (await texts(bob.client, "in")).length === 1);
    await alice.client.sync();
    expect((await alice.client.pendingTransactions())[0]?.status).toBe("included");

    await chain.testClient.revert({ id: snapshot }); // the transaction is gone, mempool included
    await chain.testClient.mine({ blocks: 2 });
    await bob.client.sync();
    expect((await bob.client.messages(conversationId)).filter((m) => m.direction === "in").map((m) => m.status)).toEqual(["reorged"]);

    await syncUntil([alice.client, bob.client], async () => {
      await chain.testClient.mine({ blocks: 1 });
      const inbound = (await bob.client.messages(conversationId)).filter((m) => m.direction === "in");
      return inbound.length === 1 && inbound[0]!.status === "received";
    });
    expect(await texts(bob.client, "in")).toEqual(["lost in a reorg"]);
  });

  it("an RPC failing 30% of requests, rate limiting, and refusing ranges over 500 blocks", async () => {
    const faulty = createFaultyTransport(chain.provider, { seed: "faults", failureRate: 0.3, rateLimitRate: 0.1, maxBlockRange: 500 });
    const publicClient = createPublicClient({ chain: chain.publicClient.chain, transport: faulty.transport });
    const flaky = bob.restart({ publicClient: publicClient as never, logs: { retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 12 } } });
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      await alice.client.sendMessage(conversationId, `through the storm ${i}`);
      sent.push(`through the storm ${i}`);
      if (i % 4 === 3) await chain.testClient.mine({ blocks: 1200 });
    }
    let failures = 0;
    for (let round = 0; round < 60 && (await texts(flaky, "in")).length < sent.length; round++) {
      await flaky.sync().catch(() => failures++);
    }
    expect((await texts(flaky, "in")).sort()).toEqual([...sent].sort());
    expect(faulty.stats.transient + faulty.stats.rateLimited).toBeGreaterThan(10);
    expect(faulty.stats.rangeRefused).toBeGreaterThan(0);
    // Messages arrived once each even though passes failed half-way and were repeated.
    expect(new Set(await texts(flaky, "in")).size).toBe(sent.length);
    expect(failures).toBeGreaterThanOrEqual(0);
  });

  it("the same logs read twice (live and backfill, or a rewound cursor) are shown once", async () => {
    for (let i = 0; i < 5; i++) await alice.client.sendMessage(conversationId, `twice ${i}`);
    const stop = bob.client.watch({ pollingInterval: 5 });
    await Promise.all([bob.client.sync(), bob.client.sync(), new Promise((r) => setTimeout(r, 200))]);
    stop();
    await bob.client.sync();
    expect((await texts(bob.client, "in")).sort()).toEqual(["twice 0", "twice 1", "twice 2", "twice 3", "twice 4"]);
    // Forget the cursor entirely: a full backfill re-reads every log.
    const key = `${chain.deployment.chainId}:${getAddress(chain.deployment.address).toLowerCase()}:sync`;
    await bob.store.cursors.delete(key);
    const again = await bob.restart().sync();
    expect(again.messages).toBe(0);
    expect(await texts(bob.client, "in")).toHaveLength(5);
  });
});
