import { afterAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { createTestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil } from "../fixtures/createTestClients.ts";
import { testStores, type StoreKind } from "../fixtures/testStores.ts";

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each<StoreKind>(["sqlite", "dexie"])("a long conversation on %s stores", (kind) => {
  it("200 messages both ways over many DH epochs, a restart midway, and a third account that sees nothing", async () => {
    const chain = await createTestChain();
    const stores = testStores(kind);
    cleanups.push(() => chain.close(), stores.cleanup);
    let alice = await createTestClient(chain, 1, { store: await stores.open("alice") });
    let bob = await createTestClient(chain, 2, { store: await stores.open("bob") });
    const carol = await createTestClient(chain, 3, { store: await stores.open("carol") });

    await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const { conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id);
    await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);

    // Bursts of varying length from alternating sides: every change of side is a DH ratchet step.
    const expected: string[] = [];
    let sent = 0;
    let side = 0;
    let restarts = 0;
    while (sent < 200) {
      const burst = 1 + (sent % 7);
      for (let i = 0; i < burst && sent < 200; i++, sent++) {
        const text = `${side === 0 ? "alice" : "bob"} #${sent}`;
        await (side === 0 ? alice : bob).client.sendMessage(conversationId, text);
        expected.push(text);
      }
      await syncUntil([alice.client, bob.client], () => true, 1);
      if (sent >= 100 && restarts === 0) {
        restarts++;
        // Restart: new client objects over the same store files (Dexie/SQLite reopened).
        await alice.client.close();
        await bob.client.close();
        await alice.store.close();
        await bob.store.close();
        alice = { ...alice, store: await stores.open("alice") };
        bob = { ...bob, store: await stores.open("bob") };
        alice = { ...alice, client: (await createTestClient(chain, 1, { store: alice.store })).client };
        bob = { ...bob, client: (await createTestClient(chain, 2, { store: bob.store })).client };
      }
      side = 1 - side;
    }
    const texts = async (messages: Promise<{ content: { text: string } | null }[]>) => (await messages).map((m) => m.content!.text);
    await syncUntil([alice.client, bob.client], async () => (await bob.client.messages(conversationId)).length === 200 && (await alice.client.messages(conversationId)).length === 200);
    expect((await texts(alice.client.messages(conversationId, { limit: 500 }) as never)).sort()).toEqual([...expected].sort());
    expect((await texts(bob.client.messages(conversationId, { limit: 500 }) as never)).sort()).toEqual([...expected].sort());

    expect(restarts).toBe(1);
    // Carol was synced all along: no requests, no conversations, no messages.
    await carol.client.sync();
    expect(await carol.client.requests()).toHaveLength(0);
    expect(await carol.client.conversations()).toHaveLength(0);
    expect(await carol.store.messages.list(conversationId as Hex)).toHaveLength(0);
  }, 300_000);
});
