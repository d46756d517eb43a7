import { createPublicClient, custom, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePackedCall } from "../../src/chain/decodePackedCall.ts";
import { AbortedError } from "../../src/errors/chainErrors.ts";
import { ClientClosedError } from "../../src/errors/clientErrors.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

// Issue 21's smaller defects: a closed client still sent and synced, sync() took no AbortSignal (close waited for
// a whole catch-up), and sendGroupMessage did not sync first, so a removed member could read the next message.

let chain: TestChain;
let alice: TestClientUser, bob: TestClientUser, carol: TestClientUser;

async function connect(a: TestClientUser, b: TestClientUser) {
  await a.client.startConversation(b.wallet.account.address);
  const from = (r: { from: string }) => r.from.toLowerCase() === a.wallet.account.address.toLowerCase();
  await syncUntil([b.client], async () => (await b.client.requests("pending")).some(from));
  await b.client.acceptHandshake((await b.client.requests("pending")).find(from)!.id);
  await syncUntil([a.client], async () => (await a.client.conversations()).some((c) => c.peer.toLowerCase() === b.wallet.account.address.toLowerCase()));
}

beforeAll(async () => {
  chain = await createTestChain();
  [alice, bob, carol] = [await createTestClient(chain, 1), await createTestClient(chain, 2), await createTestClient(chain, 3)];
  await connect(alice, bob);
  await connect(alice, carol);
  await connect(bob, carol);
});
afterAll(() => chain.close());

/** A public client whose eth_getLogs answers wait at a gate the test opens. */
function gatedClient() {
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  const counts = { getLogs: 0 };
  const client = createPublicClient({
    chain: chain.publicClient.chain,
    transport: custom({
      request: async ({ method, params }) => {
        if (method === "eth_getLogs") {
          counts.getLogs++;
          await gate;
        }
        return chain.provider.request({ method, params } as never);
      },
    }),
  });
  return {
    client,
    counts,
    release: () => {
      open();
      gate = Promise.resolve();
    },
  };
}

describe("a client's lifecycle", () => {
  it("a closed client refuses to send, sync, watch or retry (ClientClosedError)", async () => {
    const user = { client: alice.restart() };
    const [conversation] = await user.client.conversations();
    await user.client.close();
    await expect(user.client.sendMessage(conversation!.conversationId, "after close")).rejects.toBeInstanceOf(ClientClosedError);
    await expect(user.client.sync()).rejects.toBeInstanceOf(ClientClosedError);
    await expect(user.client.startConversation(carol.wallet.account.address)).rejects.toBeInstanceOf(ClientClosedError);
    await expect(user.client.retry("0x00")).rejects.toBeInstanceOf(ClientClosedError);
    expect(() => user.client.watch()).toThrow(ClientClosedError);
    // Reading what is stored stays possible (the store belongs to the caller).
    expect((await user.client.conversations()).length).toBeGreaterThan(0);
  });

  it("sync takes an AbortSignal: an abort stops it before its next request", async () => {
    await chain.testClient.mine({ blocks: 10_000 });
    const gated = gatedClient();
    const user = bob.restart({ publicClient: gated.client as never });
    const controller = new AbortController();
    const syncing = user.sync({ signal: controller.signal });
    await syncUntilCount(gated.counts, 1);
    controller.abort();
    gated.release();
    await expect(syncing).rejects.toBeInstanceOf(AbortedError);
    expect(gated.counts.getLogs).toBe(1);
  });

  it("close() aborts a sync in progress instead of waiting for the catch-up", async () => {
    await chain.testClient.mine({ blocks: 10_000 });
    const gated = gatedClient();
    const user = carol.restart({ publicClient: gated.client as never });
    const syncing = user.sync().catch((error: unknown) => error);
    await syncUntilCount(gated.counts, 1);
    const closing = user.close();
    gated.release();
    await closing;
    expect(await syncing).toBeInstanceOf(AbortedError);
    expect(gated.counts.getLogs).toBe(1);
  });

  it("sendGroupMessage syncs first: a member removed on chain holds no key to the next message", async () => {
    const { groupId } = await alice.client.createGroup({ members: [bob.wallet.account.address, carol.wallet.account.address] });
    await syncUntil([alice.client, bob.client, carol.client], async () => (await carol.client.groups()).some((g) => g.groupId === groupId));
    const before = await carol.client.sendGroupMessage(groupId, "before");
    const beforeTopic = await groupTopic(carol, before.pendingId);
    await syncUntil([alice.client, bob.client], async () => (await texts(bob, groupId)).includes("before"));
    // Alice removes Bob; Carol has not synced since, and sends. Bob keeps whatever keys he had (a removed member
    // is not trusted to forget them): Carol's message must be on a chain Bob never got the key of.
    await alice.client.removeGroupMembers(groupId, [bob.wallet.account.address]);
    const after = await carol.client.sendGroupMessage(groupId, "after bob left");
    expect(await groupTopic(carol, after.pendingId)).not.toBe(beforeTopic);
    await syncUntil([alice.client], async () => (await texts(alice, groupId)).includes("after bob left"));
  });
});

/** The topic of the group message a pending transaction carries (its last call). */
async function groupTopic(user: TestClientUser, pendingId: string): Promise<Hex> {
  const call = decodePackedCall((await user.store.pending.get(pendingId))!.data);
  return call.kind === "batch" ? call.messages.at(-1)!.topic : call.kind === "message" ? call.topic : "0x";
}

const texts = async (user: TestClientUser, groupId: Hex) => (await user.client.messages(groupId)).map((m) => m.content?.text);

async function syncUntilCount(counts: { getLogs: number }, n: number) {
  for (let i = 0; i < 500 && counts.getLogs < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
