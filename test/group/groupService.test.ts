import { describe, expect, it } from "vitest";
import { distributionReceipt } from "../../src/group/GroupOutbox.ts";
import { GroupService } from "../../src/group/GroupService.ts";
import { encodeGroupControl, decodeGroupControl } from "../../src/wire/groupControlCodec.ts";
import { createMember, createMembers, deliver, markReached, text, untext, type Member } from "./groupHarness.ts";

/** A created group whose members all hold the record and the creator's key. */
async function group(count: number, prefix = "s") {
  const members = await createMembers(count, prefix);
  const [creator, ...others] = members;
  const created = await creator!.groups.createGroup({ name: "team", members: others.map((m) => m.account) });
  const reached = await deliver(creator!, created.outbox, members);
  await markReached(creator!, created.outbox, reached);
  return { members, creator: creator!, others, groupId: created.groupId, created };
}

/** `sender` sends; the outbox reaches everyone; the others decrypt. Returns what each other member read. */
async function say(sender: Member, members: Member[], groupId: `0x${string}`, words: string) {
  const prepared = await sender.groups.prepareMessage(groupId, text(words));
  const reached = await deliver(sender, prepared.outbox, members);
  await markReached(sender, prepared.outbox, reached);
  const read = new Map<string, string>();
  for (const m of members) {
    if (m === sender) continue;
    try {
      const got = await m.groups.receiveMessage({ tag: prepared.topic, sender: sender.account, payload: prepared.payload });
      read.set(m.name, untext(got.plaintext));
    } catch (error) {
      read.set(m.name, (error as { code: string }).code);
    }
  }
  return { prepared, read };
}

describe("GroupService", () => {
  it("creation gives every member the record and the creator's key", async () => {
    const members = await createMembers(3, "c");
    const [a, b, c] = members;
    const created = await a!.groups.createGroup({ name: "trio", members: [b!.account, c!.account, a!.account] });
    expect(created.membership.members.length).toBe(3);
    expect(created.outbox.messages.map((m) => m.to).sort()).toEqual([b!.account, c!.account].sort());
    const got = await b!.groups.receiveControl(a!.account, created.outbox.messages.find((m) => m.to === b!.account)!.plaintext);
    expect(got.events.map((e) => e.type)).toEqual(["joined", "senderKey"]);
    expect(await b!.groups.getGroup(created.groupId)).toMatchObject({ name: "trio", epoch: 1, creator: a!.account, left: false });
    expect((await b!.groups.topics()).map((t) => t.sender)).toEqual([a!.account]);
  });

  it("distribution status is set only by markDistributed: until then every send carries the key again", async () => {
    const { members, creator, others, groupId } = await group(3, "d");
    const [b] = others;
    const first = await b!.groups.prepareMessage(groupId, text("one"));
    expect(first.outbox.messages.length).toBe(2);
    expect(first.outbox.messages.every((m) => m.distributes)).toBe(true);
    await deliver(b!, first.outbox, members);
    // The transaction is not included yet: the next send distributes again.
    const second = await b!.groups.prepareMessage(groupId, text("two"));
    expect(second.outbox.messages.length).toBe(2);
    // The start key is given each time, so both messages stay readable whichever distribution arrives.
    expect(decodeGroupControl(second.outbox.messages[0]!.plaintext).distribution!.iteration).toBe(0);
    await b!.groups.markDistributed(distributionReceipt(first.outbox)!);
    const third = await b!.groups.prepareMessage(groupId, text("three"));
    expect(third.outbox.messages).toEqual([]);
    for (const m of [first, second, third]) {
      const got = await creator.groups.receiveMessage({ tag: m.topic, sender: b!.account, payload: m.payload });
      expect(untext(got.plaintext)).toMatch(/one|two|three/);
    }
  });

  it("a member who missed the distribution gets it on the next send and reads the whole chain", async () => {
    const { members, others, groupId } = await group(4, "r");
    const [b, c, d] = others;
    const first = await b!.groups.prepareMessage(groupId, text("before"));
    const reached = await deliver(b!, first.outbox, members, (to) => to === d);
    await markReached(b!, first.outbox, reached);
    await expect(d!.groups.receiveMessage({ tag: first.topic, sender: b!.account, payload: first.payload })).rejects.toMatchObject({
      code: "GROUP_UNKNOWN_TOPIC",
    });
    const next = await say(b!, members, groupId, "after");
    expect(next.prepared.outbox.messages.map((m) => m.to)).toEqual([d!.account]);
    expect(next.read.get(d!.name)).toBe("after");
    expect(next.read.get(c!.name)).toBe("after");
    // d's key starts at the chain's start, so the message it missed is readable too.
    expect(untext((await d!.groups.receiveMessage({ tag: first.topic, sender: b!.account, payload: first.payload })).plaintext)).toBe("before");
  });

  it("a receipt for a chain we rotated away from marks nothing", async () => {
    const { members, creator, others, groupId } = await group(3, "o");
    const prepared = await creator.groups.prepareDistributions(groupId);
    expect(prepared.messages).toEqual([]); // everyone holds the creator's key
    const b = others[0]!;
    const outbox = await b.groups.prepareDistributions(groupId);
    const removal = await creator.groups.removeMembers(groupId, [others[1]!.account]);
    await deliver(creator, removal.outbox, members);
    expect(await b.groups.markDistributed(distributionReceipt(outbox)!)).toEqual([]);
    const after = await b.groups.prepareMessage(groupId, text("new chain"));
    expect(after.outbox.messages.map((m) => m.to)).toEqual([creator.account]);
    expect(after.topic).not.toBe(outbox.chain);
  });

  it("membership comes only from the creator, distributions only from members; refusals change nothing", async () => {
    const { members, creator, others, groupId } = await group(3, "f");
    const [b, c] = others;
    const outsider = await createMember("outsider");
    const snapshot = c!.snapshot();
    const forgedChange = encodeGroupControl({ groupId, change: { epoch: 2, added: [outsider.account], removed: [], digest: new Uint8Array(16) } });
    await expect(c!.groups.receiveControl(b!.account, forgedChange)).rejects.toMatchObject({ code: "GROUP_NOT_CREATOR" });
    const theirs = await outsider.groups.createGroup({ members: [c!.account] });
    const key = decodeGroupControl(theirs.outbox.messages[0]!.plaintext).distribution!;
    await expect(c!.groups.receiveControl(outsider.account, encodeGroupControl({ groupId, distribution: key }))).rejects.toMatchObject({
      code: "GROUP_NOT_MEMBER",
    });
    const fullRecord = decodeGroupControl(theirs.outbox.messages[0]!.plaintext).membership!;
    await expect(c!.groups.receiveControl(outsider.account, encodeGroupControl({ groupId, membership: fullRecord }))).rejects.toMatchObject({
      code: "GROUP_NOT_CREATOR",
    });
    expect(c!.snapshot()).toBe(snapshot);
    expect(members.length).toBe(3);
    expect(creator).toBeDefined();
  });

  it("a member cannot squat a group id: a group new to someone must be its creator's own id", async () => {
    // Mallory is a member of Alice's group, so she knows its id. Before Alice adds Victor, Mallory announces "her"
    // group under that id to Victor, with herself as creator and a salt of her choosing.
    const { creator: alice, others, groupId } = await group(2, "q");
    const mallory = others[0]!;
    const victor = await createMember("victor q");
    // (A first read creates the memory store's empty table for the account: take the snapshot after one.)
    expect(await victor.groups.listGroups()).toEqual([]);
    const before = victor.snapshot();
    for (const salt of [`0x${"ab".repeat(16)}` as const, null]) {
      const squat = encodeGroupControl({ groupId, membership: { epoch: 1, creator: mallory.account, salt, name: "team", members: [mallory.account, victor.account].sort() } });
      await expect(victor.groups.receiveControl(mallory.account, squat)).rejects.toMatchObject({ code: "GROUP_ID_NOT_BOUND" });
    }
    expect(victor.snapshot()).toBe(before);
    expect(await victor.groups.getGroup(groupId)).toBeNull();
    // Alice's real invitation then goes through.
    const added = await alice.groups.addMembers(groupId, [victor.account]);
    await deliver(alice, added.outbox, [victor]);
    expect(await victor.groups.getGroup(groupId)).toMatchObject({ creator: alice.account, epoch: 2 });
  });

  it("changes that arrive early wait for the missing one; a diverged change is refused", async () => {
    const { members, creator, others, groupId } = await group(3, "h");
    const [x, y] = await createMembers(2, "new");
    const addX = await creator.groups.addMembers(groupId, [x!.account]);
    const addY = await creator.groups.addMembers(groupId, [y!.account]);
    const b = others[0]!;
    const toB = (outbox: typeof addX.outbox) => outbox.messages.find((m) => m.to === b.account)!.plaintext;
    const early = await b.groups.receiveControl(creator.account, toB(addY.outbox));
    expect(early.events).toEqual([]);
    expect((await b.groups.getGroup(groupId))!.epoch).toBe(1);
    const late = await b.groups.receiveControl(creator.account, toB(addX.outbox));
    expect(late.events.map((e) => e.type === "members" && e.epoch)).toEqual([2, 3]);
    expect((await b.groups.getGroup(groupId))!.members).toContain(y!.account);

    const c = others[1]!;
    const change = decodeGroupControl(toB(addX.outbox)).change!;
    const snapshot = c.snapshot();
    const diverged = encodeGroupControl({ groupId, change: { ...change, digest: new Uint8Array(16).fill(7) } });
    await expect(c.groups.receiveControl(creator.account, diverged)).rejects.toMatchObject({ code: "GROUP_MEMBERSHIP_DIVERGED" });
    expect(c.snapshot()).toBe(snapshot);
    // The creator resends the full record: c catches up to epoch 3 at once.
    const resent = await creator.groups.resendMembership(groupId, [c.account]);
    await deliver(creator, resent, members);
    expect((await c.groups.getGroup(groupId))!.epoch).toBe(3);
  });

  it("a removed member is told, loses every key of the group, and can no longer send", async () => {
    const { members, creator, others, groupId } = await group(3, "x");
    const [b, c] = others;
    await say(c!, members, groupId, "hello");
    const removal = await creator.groups.removeMembers(groupId, [c!.account]);
    const got = await c!.groups.receiveControl(creator.account, removal.outbox.messages.find((m) => m.to === c!.account)!.plaintext);
    expect(got.events).toEqual([{ type: "removed", groupId, epoch: 2 }]);
    expect(await c!.groups.getGroup(groupId)).toMatchObject({ left: true });
    expect(await c!.groups.topics()).toEqual([]);
    await expect(c!.groups.prepareMessage(groupId, text("still here?"))).rejects.toMatchObject({ code: "GROUP_NOT_MEMBER" });
    const atB = await b!.groups.receiveControl(creator.account, removal.outbox.messages.find((m) => m.to === b!.account)!.plaintext);
    expect(atB.rotated).toBe(true);
    // c's chain is gone; the creator's old chain stays (late messages) beside its new one.
    expect(new Set((await b!.groups.topics()).map((t) => t.sender))).toEqual(new Set([creator.account]));
    expect((await b!.groups.topics()).length).toBe(2);
    // Re-added later: c gets a fresh record and reads new messages only.
    const back = await creator.groups.addMembers(groupId, [c!.account]);
    await deliver(creator, back.outbox, members);
    expect(await c!.groups.getGroup(groupId)).toMatchObject({ left: false, epoch: 3 });
    const again = await say(b!, members, groupId, "welcome back");
    expect(again.read.get(c!.name)).toBe("welcome back");
  });

  it("a unit of work commits inside the caller's transaction, or not at all", async () => {
    const { creator, groupId } = await group(2, "t");
    const before = creator.snapshot();
    const work = creator.groups.begin();
    await work.prepareMessage(groupId, text("never sent"));
    await expect(
      creator.store.transaction(async (tx) => {
        await work.commit(tx);
        throw new Error("the pending record could not be written");
      }),
    ).rejects.toThrow("pending record");
    expect(creator.snapshot()).toBe(before);

    const ok = creator.groups.begin();
    const prepared = await ok.prepareMessage(groupId, text("sent"));
    await creator.store.transaction((tx) => ok.commit(tx));
    const next = await creator.groups.prepareMessage(groupId, text("next"));
    expect(next.iteration).toBe(prepared.iteration + 1);
  });

  it("a failed operation leaves the work's earlier operations intact", async () => {
    const { members, creator, others, groupId } = await group(3, "a");
    const b = others[0]!;
    const sent = await creator.groups.prepareMessage(groupId, text("first"));
    const work = b.groups.begin();
    const first = await work.receiveMessage({ tag: sent.topic, sender: creator.account, payload: sent.payload });
    const tampered = sent.payload.slice();
    tampered[5]! ^= 1;
    await expect(work.receiveMessage({ tag: sent.topic, sender: creator.account, payload: tampered })).rejects.toMatchObject({ code: "GROUP_BAD_SIGNATURE" });
    await expect(work.receiveMessage({ tag: sent.topic, sender: creator.account, payload: sent.payload })).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
    await work.commit();
    expect(untext(first.plaintext)).toBe("first");
    await expect(b.groups.receiveMessage({ tag: sent.topic, sender: creator.account, payload: sent.payload })).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
    expect(members.length).toBe(3);
  });

  it("two writers on one chain: the later commit conflicts and nothing of it is written; run() retries", async () => {
    const { creator, groupId } = await group(2, "w");
    const one = creator.groups.begin();
    const two = creator.groups.begin();
    const a = await one.prepareMessage(groupId, text("a"));
    const b = await two.prepareMessage(groupId, text("b"));
    expect(a.iteration).toBe(b.iteration);
    await one.commit();
    const snapshot = creator.snapshot();
    await expect(two.commit()).rejects.toMatchObject({ code: "GROUP_STATE_CONFLICT" });
    expect(creator.snapshot()).toBe(snapshot);
    // A second service over the same store (another tab) interleaving with run(): it retries on a fresh read.
    const other = new GroupService({ store: creator.store, account: creator.account, chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" });
    let interfered = false;
    const result = await other.run(async (work) => {
      const out = await work.prepareMessage(groupId, text("c"));
      if (!interfered) {
        interfered = true;
        await creator.groups.prepareMessage(groupId, text("interloper"));
      }
      return out;
    });
    expect(result.iteration).toBe(a.iteration + 2);
  });
});
