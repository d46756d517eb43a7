import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
let users: TestClientUser[];
const clients = () => users.map((u) => u.client);

async function connect(a: TestClientUser, b: TestClientUser) {
  await a.client.startConversation(b.wallet.account.address);
  await syncUntil([b.client], async () => (await b.client.requests("pending")).some((r) => r.from.toLowerCase() === a.wallet.account.address.toLowerCase()));
  const request = (await b.client.requests("pending")).find((r) => r.from.toLowerCase() === a.wallet.account.address.toLowerCase())!;
  await b.client.acceptHandshake(request.id);
  await syncUntil([a.client], async () => (await a.client.conversations()).some((c) => c.peer.toLowerCase() === b.wallet.account.address.toLowerCase()));
}

const texts = async (client: HushlogClient, groupId: Hex) => (await client.messages(groupId, { limit: 500 })).map((m) => m.content?.text).sort();

beforeAll(async () => {
  chain = await createTestChain();
  users = [];
  for (let i = 1; i <= 4; i++) users.push(await createTestClient(chain, i));
  // Pairwise sessions (group keys travel over them).
  for (let i = 0; i < users.length; i++) for (let j = i + 1; j < users.length; j++) await connect(users[i]!, users[j]!);
});
afterAll(() => chain.close());

describe("groups through the client", () => {
  it("create, everyone writes and reads, remove one (who reads nothing after), add one (no history)", async () => {
    const [alice, bob, carol, dave] = users as [TestClientUser, TestClientUser, TestClientUser, TestClientUser];
    const events: string[] = [];
    bob.client.on("group", (e) => events.push(`bob:${e.type}`));
    const { groupId } = await alice.client.createGroup({ name: "friends", members: [bob.wallet.account.address, carol.wallet.account.address] });
    await syncUntil(clients(), async () => (await bob.client.groups()).length === 1 && (await carol.client.groups()).length === 1);
    expect(events).toContain("bob:joined");

    await alice.client.sendGroupMessage(groupId, "hi group, alice here");
    await bob.client.sendGroupMessage(groupId, "bob says hello");
    await carol.client.sendGroupMessage(groupId, "carol too");
    const all = ["bob says hello", "carol too", "hi group, alice here"];
    await syncUntil(clients(), async () => (await Promise.all([alice, bob, carol].map((u) => texts(u.client, groupId)))).every((t) => t.length === 3));
    for (const u of [alice, bob, carol]) expect(await texts(u.client, groupId)).toEqual(all);
    expect((await alice.client.messages(groupId)).filter((m) => m.direction === "out").map((m) => m.status)).not.toContain("failed");

    // Remove Carol: she reads nothing sent afterwards.
    await alice.client.removeGroupMembers(groupId, [carol.wallet.account.address]);
    await syncUntil(clients(), async () => (await bob.client.groups())[0]!.members.length === 2);
    await alice.client.sendGroupMessage(groupId, "after carol left");
    await bob.client.sendGroupMessage(groupId, "bob after");
    await syncUntil(clients(), async () => (await texts(bob.client, groupId)).length === 5 && (await texts(alice.client, groupId)).length === 5);
    expect(await texts(carol.client, groupId)).toEqual(all);

    // Add Dave: he reads what follows, not the history.
    await alice.client.addGroupMembers(groupId, [dave.wallet.account.address]);
    await syncUntil(clients(), async () => (await dave.client.groups()).length === 1);
    await alice.client.sendGroupMessage(groupId, "welcome dave");
    await bob.client.sendGroupMessage(groupId, "hi dave");
    await syncUntil(clients(), async () => (await texts(dave.client, groupId)).length === 2);
    expect(await texts(dave.client, groupId)).toEqual(["hi dave", "welcome dave"]);
    expect(await texts(carol.client, groupId)).toEqual(all);
  }, 180_000);
});
