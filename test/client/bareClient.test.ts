import { createClient, custom } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
beforeAll(async () => {
  chain = await createTestChain();
  // What wagmi's useClient() gives: a client with a transport and a chain, and no action methods at all. Any
  // `publicClient.getBlock(...)`-style call left in Hushlog would throw a TypeError here.
  const bare = () => createClient({ chain: chain.publicClient.chain, transport: custom(chain.provider), pollingInterval: 50 });
  expect("getBlock" in bare()).toBe(false);
  alice = await createTestClient(chain, 1, { client: { publicClient: bare() } });
  bob = await createTestClient(chain, 2, { client: { publicClient: bare() } });
});
afterAll(() => chain.close());

describe("HushlogClient over a bare viem client (wagmi's useClient)", () => {
  it("verifies, handshakes, sends, receives and confirms with reads through viem's actions only", async () => {
    await alice.client.startConversation(bob.wallet.account.address, { note: "bare" });
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    expect(request!.verified).toBe(true);
    const { conversationId } = await bob.client.acceptHandshake(request!.id);
    await bob.client.sendMessage(conversationId, "from bob");
    await syncUntil([alice.client], async () => (await alice.client.messages(conversationId)).length === 1);
    await alice.client.sendMessage(conversationId, "from alice");
    const settled = (views: { status: string }[]) => views.every((m) => m.status === "final" || m.status === "received");
    await syncUntil([alice.client, bob.client], async () => {
      const [a, b] = [await alice.client.messages(conversationId), await bob.client.messages(conversationId)];
      return a.length === 2 && b.length === 2 && settled(a) && settled(b);
    });
    const text = (m: { content?: { type: string; text?: string } | null }) => (m.content?.type === "text" ? m.content.text : null);
    expect((await alice.client.messages(conversationId)).filter((m) => m.direction === "in").map(text)).toEqual(["from bob"]);
    expect((await bob.client.messages(conversationId)).filter((m) => m.direction === "in").map(text)).toEqual(["from alice"]);
    expect(await alice.client.pendingTransactions()).toEqual([]);
  });
});
