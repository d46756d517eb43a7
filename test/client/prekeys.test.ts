import { getAddress, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RejectedLog } from "../../src/client/ClientEvents.ts";
import { readOwnPrekeyRecords, writeOwnPrekeyRecords } from "../../src/prekeys/ownPrekeyRecords.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createTestClient(chain, 1, { client: { publishPrekeys: true } });
  bob = await createTestClient(chain, 2, { client: { publishPrekeys: true } });
});
afterAll(() => chain.close());

describe("prekeys through the client", () => {
  it("first contact to an offline recipient in one transaction, read when it comes back; replays refused", async () => {
    // Bob publishes his bundle (a sync pass reaching the head publishes; confirmation marks it published).
    await syncUntil([bob.client], async () => (await bob.client.pendingTransactions()).length === 0 && (await bob.store.loadAllSignedPrekeys()).length === 1);
    await bob.client.close(); // Bob goes offline.

    const started = await alice.client.startConversation(bob.wallet.account.address, { message: "hi bob, you were offline" });
    expect(started.mode).toBe("prekey");
    const conversationId: Hex = started.conversationId;
    // Alice's conversation exists at once; she keeps writing before Bob is back.
    await alice.client.sendMessage(conversationId, "second");
    await alice.client.sendMessage(conversationId, "third");
    await syncUntil([alice.client], async () => (await alice.client.pendingTransactions()).length === 0);
    const handshakeTx = (await alice.client.messages(conversationId))[0]!.txHash!;

    const back = bob.restart();
    const rejected: RejectedLog[] = [];
    back.on("rejected", (r) => rejected.push(r));
    await syncUntil([back], async () => (await back.messages(conversationId)).length === 3);
    expect((await back.messages(conversationId)).map((m) => m.content?.text)).toEqual(["hi bob, you were offline", "second", "third"]);
    // Alice is a stranger to Bob: her first contact is a request (its messages kept, not yet a conversation) until
    // Bob accepts it.
    expect(await back.conversations()).toEqual([]);
    const [request] = await back.requests("pending");
    expect(request).toMatchObject({ kind: "prekey", from: getAddress(alice.wallet.account.address), keyChanged: false });
    expect(request!.messages.map((m) => m.content?.text)).toEqual(["hi bob, you were offline", "second", "third"]);
    await back.acceptHandshake(request!.id);
    expect((await back.conversations())[0]!.peer).toBe(getAddress(alice.wallet.account.address));

    await back.sendMessage(conversationId, "back now");
    await syncUntil([alice.client, back], async () => (await alice.client.messages(conversationId)).length === 4);

    // Alice's handshake re-posted (same payload, new transaction): the (KEM prekey, signed prekey, base key)
    // triple was used, so it is refused and nothing changes.
    const tx = await chain.publicClient.getTransaction({ hash: handshakeTx });
    const before = await bob.store.sessions.get(conversationId);
    await chain.walletClients[1]!.sendTransaction({ to: chain.deployment.address, data: tx.input });
    await back.sync();
    expect(await bob.store.sessions.get(conversationId)).toEqual(before);
    expect(rejected.map((r) => r.reason)).toContain("STORE_PREKEY_REUSED");
    expect(await back.messages(conversationId)).toHaveLength(4);

    // A copy restored from a backup has the session, messages and prekeys but not the used-triple records (no store
    // lists them), and reads the chain again from the start: the first contact is still seen once, and a replay is
    // still refused, because its first message is already stored.
    await back.close();
    const restoredStore = await createMemoryStore({ account: bob.wallet.account.address });
    await restoredStore.transaction(async (t) => {
      for (const session of await bob.store.sessions.list()) {
        await t.sessions.save({ ...session, version: 1 });
        await t.messages.putMany(await bob.store.messages.list(session.conversationId));
      }
      await writeOwnPrekeyRecords(t, await readOwnPrekeyRecords(bob.store));
    });
    const restored = bob.restart({ store: restoredStore });
    const restoredRejects: RejectedLog[] = [];
    restored.on("rejected", (r) => restoredRejects.push(r));
    await chain.walletClients[1]!.sendTransaction({ to: chain.deployment.address, data: tx.input });
    await restored.sync();
    expect(restoredRejects.map((r) => r.reason).filter((r) => r === "STORE_PREKEY_REUSED")).toHaveLength(2);
    expect(await restored.messages(conversationId)).toHaveLength(4);
    await alice.client.sendMessage(conversationId, "after the replays");
    await syncUntil([restored], async () => (await restored.messages(conversationId)).length === 5);
    expect((await restored.messages(conversationId)).at(-1)!.content?.text).toBe("after the replays");
    await restored.close();
  });
});
