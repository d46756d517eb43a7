import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

// Found by the CLI work on issue 9: messages a member sent while still a member were lost when the removal was
// applied before they were read.
//  1. The creator removed before syncing: removeGroupMembers dropped the member's key at once. Fixed:
//     removeGroupMembers syncs to the head first.
//  2. A member synced, in one pass, the member's first message (whose key arrives in the same transaction over 1:1)
//     and the removal: the new topic was read in a later catch-up step, after the removal was applied. Fixed: a
//     sender key arriving mid-step brings its chain's logs into the same step, in chain order.

let chain: TestChain;
let alice: TestClientUser, bob: TestClientUser, carol: TestClientUser;
const text = async (user: TestClientUser, groupId: Hex) => (await user.client.messages(groupId)).map((m) => m.content?.text);

async function connect(a: TestClientUser, b: TestClientUser) {
  await a.client.startConversation(b.wallet.account.address);
  const from = (r: { from: string }) => r.from.toLowerCase() === a.wallet.account.address.toLowerCase();
  await syncUntil([b.client], async () => (await b.client.requests("pending")).some(from));
  await b.client.acceptHandshake((await b.client.requests("pending")).find(from)!.id);
  await syncUntil([a.client], async () => (await a.client.conversations()).some((c) => c.peer.toLowerCase() === b.wallet.account.address.toLowerCase()));
}

/** A new group of the three, everyone synced; Carol has sent once (her key is known to all) when `carolSentOnce`. */
async function newGroup(carolSentOnce: boolean): Promise<Hex> {
  const { groupId } = await alice.client.createGroup({ members: [bob.wallet.account.address, carol.wallet.account.address] });
  await syncUntil([alice.client, bob.client, carol.client], async () => (await carol.client.groups()).some((g) => g.groupId === groupId));
  if (carolSentOnce) {
    await carol.client.sendGroupMessage(groupId, "carol's first");
    await syncUntil([alice.client, bob.client, carol.client], async () => (await text(alice, groupId)).length === 1 && (await text(bob, groupId)).length === 1);
  }
  return groupId;
}

beforeAll(async () => {
  chain = await createTestChain();
  [alice, bob, carol] = [await createTestClient(chain, 1), await createTestClient(chain, 2), await createTestClient(chain, 3)];
  await connect(alice, bob);
  await connect(alice, carol);
  await connect(bob, carol);
});
afterAll(() => chain.close());

describe("a removed member's messages sent before the removal", () => {
  it("are read by a creator who removed the member before syncing", async () => {
    const groupId = await newGroup(true);
    await carol.client.sendGroupMessage(groupId, "carol, still a member");
    await alice.client.removeGroupMembers(groupId, [carol.wallet.account.address]);
    await alice.client.sync();
    await bob.client.sync();
    expect(await text(bob, groupId)).toContain("carol, still a member");
    expect(await text(alice, groupId)).toContain("carol, still a member");
  }, 60_000);

  it("are read by a member that syncs the member's first message and the removal in one pass", async () => {
    const groupId = await newGroup(false);
    await carol.client.sendGroupMessage(groupId, "carol's first, still a member");
    await alice.client.sync();
    expect(await text(alice, groupId)).toContain("carol's first, still a member");
    await alice.client.removeGroupMembers(groupId, [carol.wallet.account.address]);
    await bob.client.sync();
    expect(await text(bob, groupId)).toContain("carol's first, still a member");
  }, 60_000);
});
