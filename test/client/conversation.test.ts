import { getAddress } from "viem";
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

describe("HushlogClient: a conversation through the chain", () => {
  it("handshake, accept, messages both ways, statuses to confirmed", async () => {
    const events: string[] = [];
    bob.client.on("handshake", (e) => events.push(`bob:${e.type}`));
    alice.client.on("handshake", (e) => events.push(`alice:${e.type}`));

    await alice.client.startConversation(bob.wallet.account.address, { note: "hi, it's alice" });
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    expect(request!.from).toBe(getAddress(alice.wallet.account.address));
    expect(request!.note).toBe("hi, it's alice");
    expect(request!.verified).toBe(true);

    const { conversationId } = await bob.client.acceptHandshake(request!.id, { note: "hey" });
    expect(conversationId).toBe(alice.client.conversationWith(bob.wallet.account.address));
    await bob.client.sendMessage(conversationId, "bob first");
    // Bob's reply note is Alice's first message from him (it came encrypted in the response), then "bob first".
    await syncUntil([alice.client], async () => (await alice.client.messages(conversationId)).length === 2);
    expect(events).toContain("alice:established");

    for (let i = 0; i < 5; i++) {
      await alice.client.sendMessage(conversationId, `a${i}`);
      await bob.client.sendMessage(conversationId, `b${i}`);
    }
    await syncUntil([alice.client, bob.client], async () => {
      const [a, b] = [await alice.client.messages(conversationId), await bob.client.messages(conversationId)];
      return a.length === 12 && b.length === 11 && [...a, ...b].every((m) => m.status === "final" || m.status === "received");
    });
    const texts = (await bob.client.messages(conversationId)).map((m) => m.content?.type === "text" && m.content.text);
    expect(texts).toEqual(expect.arrayContaining(["bob first", "a0", "a4", "b0", "b4"]));
    expect(texts).toHaveLength(11);
    const inbound = (await alice.client.messages(conversationId)).filter((m) => m.direction === "in");
    expect(inbound.map((m) => m.content?.type === "text" && m.content.text).sort()).toEqual(["b0", "b1", "b2", "b3", "b4", "bob first", "hey"]);
  });
});
