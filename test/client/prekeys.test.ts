import { getAddress, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RejectedLog } from "../../src/client/ClientEvents.ts";
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
  });
});
