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

describe("the reply note of an accepted handshake", () => {
  it("reaches the initiator as the conversation's first message from the peer, unread", async () => {
    await alice.client.startConversation(bob.wallet.account.address, { note: "hi, it's alice" });
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    const { conversationId } = await bob.client.acceptHandshake(request!.id, { note: "hey alice, only you can read this" });

    const seen: string[] = [];
    alice.client.on("message", (m) => seen.push(m.content?.type === "text" ? m.content.text : "?"));
    await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
    const messages = await alice.client.messages(conversationId);
    expect(messages).toEqual([
      expect.objectContaining({ direction: "in", sender: getAddress(bob.wallet.account.address), status: "received", content: { type: "text", text: "hey alice, only you can read this" } }),
    ]);
    expect(messages[0]!.blockNumber).toEqual(expect.any(BigInt));
    expect(seen).toEqual(["hey alice, only you can read this"]);
    const [conversation] = await alice.client.conversations();
    expect(conversation!.unread).toBe(1);
  });

  it("an accept without a note adds no message", async () => {
    const carol = await createTestClient(chain, 3);
    await carol.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    const { conversationId } = await bob.client.acceptHandshake(request!.id);
    await syncUntil([carol.client], async () => (await carol.client.conversations()).length === 1);
    expect(await carol.client.messages(conversationId)).toEqual([]);
  });
});
