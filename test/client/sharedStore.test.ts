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
});
