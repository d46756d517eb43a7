import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

// KNOWN BUG, found by the CLI work on issue 9 (src/client and src/group are not the CLI's to change): messages a
// member sent while still a member are lost when the removal is applied before they are read.
//  1. The creator removes before syncing: removeGroupMembers drops the member's sender key at once, so the later
//     sync has no key for messages that precede the removal on chain (rejected as GROUP_UNKNOWN_TOPIC).
//  2. A member syncs, in one pass, the member's first message (whose key arrives in the same transaction over 1:1)
//     and the removal: the new group topic is read in a catch-up step AFTER the step's 1:1 logs, the removal among
//     them, were applied; the key is gone by then.
// The CLI syncs before `group remove` and `group send`, which avoids case 1 for CLI creators; case 2 remains.
// `it.fails` keeps the suite green while the bug exists; once fixed, these fail: make them plain `it`.

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
  it.fails("are read by a creator who removed the member before syncing", async () => {
    const groupId = await newGroup(true);
    await carol.client.sendGroupMessage(groupId, "carol, still a member");
    await alice.client.removeGroupMembers(groupId, [carol.wallet.account.address]);
    await alice.client.sync();
    await bob.client.sync();
    expect(await text(bob, groupId)).toContain("carol, still a member"); // passes: Bob applies the removal in chain order
    expect(await text(alice, groupId)).toContain("carol, still a member"); // fails
  }, 60_000);

  it.fails("are read by a member that syncs the member's first message and the removal in one pass", async () => {
    const groupId = await newGroup(false);
    await carol.client.sendGroupMessage(groupId, "carol's first, still a member");
    await alice.client.sync();
    expect(await text(alice, groupId)).toContain("carol's first, still a member"); // passes: Alice synced before removing
    await alice.client.removeGroupMembers(groupId, [carol.wallet.account.address]);
    await bob.client.sync();
    expect(await text(bob, groupId)).toContain("carol's first, still a member"); // fails
  }, 60_000);
});
