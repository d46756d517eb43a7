import { createWalletClient, custom, type EIP1193RequestFn } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createTestClient(chain, 1);
  bob = await createTestClient(chain, 2);
});
afterAll(() => chain.close());

describe("two client objects over one store (two processes: a watcher and a sender)", () => {
  it("the watcher sees the answer to a message the other one sent", async () => {
    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    const { conversationId } = await bob.client.acceptHandshake(request!.id);
    await bob.client.sendMessage(conversationId, "first");
    await syncUntil([alice.client], async () => (await alice.client.messages(conversationId)).length === 1);

    // Alice's watcher has the session cached; a second client on the same store sends, moving the ratchet on.
    const sender = alice.restart();
    await sender.sendMessage(conversationId, "from the sender process");
    await alice.client.sync();
    await syncUntil([bob.client], async () => (await bob.client.messages(conversationId)).some((m) => m.content?.text === "from the sender process"));
    await bob.client.sendMessage(conversationId, "answer");
    await syncUntil([alice.client], async () => (await alice.client.messages(conversationId)).some((m) => m.content?.text === "answer"), 5);
    await sender.close();
  });

  it("a message another client is broadcasting is not broadcast again by the watcher (it would be a second transaction or a false 'failed')", async () => {
    const conversationId = (await alice.client.conversations())[0]!.conversationId;
    // The sender's wallet holds its transaction back until released: the record is "preparing" in the shared store
    // all that time, as while a wallet prompt is open or an RPC is slow.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldSends = 0;
    const wallet = createWalletClient({
      account: alice.wallet.account,
      chain: alice.wallet.chain,
      transport: custom({
        request: (async (args: { method: string; params?: unknown }) => {
          if (args.method === "eth_sendTransaction") {
            heldSends++;
            await held;
          }
          return chain.provider.request(args as never);
        }) as EIP1193RequestFn,
      }),
    });
    const sender = alice.restart({ walletClient: wallet });
    const sending = sender.sendMessage(conversationId, "slow to broadcast");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heldSends).toBe(1);
    const [record] = (await alice.store.pending.list()).filter((p) => p.status === "preparing");
    expect(record).toBeDefined();
    // The watcher's sync passes run while the send is in flight: they must leave the record to its sender.
    const before = await chain.publicClient.getTransactionCount({ address: alice.wallet.account.address });
    await alice.client.sync();
    await alice.client.sync();
    expect(await chain.publicClient.getTransactionCount({ address: alice.wallet.account.address })).toBe(before);
    expect((await alice.store.pending.get(record!.id))?.status).toBe("preparing");
    release();
    await sending;
    await syncUntil([alice.client, bob.client], async () => (await alice.client.pendingTransactions()).length === 0);
    expect(await chain.publicClient.getTransactionCount({ address: alice.wallet.account.address })).toBe(before + 1);
    const received = (await bob.client.messages(conversationId)).filter((m) => m.content?.text === "slow to broadcast");
    expect(received).toHaveLength(1);
    await sender.close();
  });

  it("its own broadcast that stopped on an error after sending is picked up at its next pass, without waiting out the lease", async () => {
    const conversationId = (await alice.client.conversations())[0]!.conversationId;
    // The store refuses the write that records the broadcast's outcome (a full disk, a closed tab's database): the
    // transaction is on chain, the record still says `preparing`.
    let failNextTransaction = false;
    const store = new Proxy(alice.store, {
      get(target, prop) {
        if (prop === "transaction" && failNextTransaction) {
          failNextTransaction = false;
          return () => Promise.reject(new Error("disk full"));
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const wallet = createWalletClient({
      account: alice.wallet.account,
      chain: alice.wallet.chain,
      transport: custom({
        request: (async (args: { method: string; params?: unknown }) => {
          const result = await chain.provider.request(args as never);
          if (args.method === "eth_sendTransaction") failNextTransaction = true;
          return result;
        }) as EIP1193RequestFn,
      }),
    });
    const sender = alice.restart({ walletClient: wallet, store });
    const before = await chain.publicClient.getTransactionCount({ address: alice.wallet.account.address });
    await expect(sender.sendMessage(conversationId, "outcome lost")).rejects.toThrow("disk full");
    expect((await alice.store.pending.list()).map((p) => p.status)).toEqual(["preparing"]);
    await syncUntil([sender, bob.client], async () => (await sender.pendingTransactions()).length === 0, 10);
    expect(await chain.publicClient.getTransactionCount({ address: alice.wallet.account.address })).toBe(before + 1);
    expect((await bob.client.messages(conversationId)).filter((m) => m.content?.text === "outcome lost")).toHaveLength(1);
    await sender.close();
  });
});
