import { hexToBytes, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HushlogLog } from "../../src/chain/HushlogLog.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { groupEncrypt } from "../../src/group/groupEncrypt.ts";
import { groupRecordKeys } from "../../src/group/GroupStore.ts";
import { sessionContext } from "../../src/ratchet/createSession.ts";
import { decodeSenderKeyRecord } from "../../src/wire/senderKeyRecordCodec.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { attachWallets, createMember, createMembers, deliver, markReached, messageLogs, post, text, untext, type Member } from "./groupHarness.ts";

type Read = { sender: string; text: string; iteration: number };

/** One sync step of a member over some logs, committed at once like the client does: what it read, and why it refused the rest. */
async function sync(member: Member, logs: readonly HushlogLog[]) {
  const work = member.groups.begin();
  const read: Read[] = [];
  const refused: string[] = [];
  for (const log of logs) {
    try {
      const got = await work.receiveMessage(log);
      read.push({ sender: got.sender, text: untext(got.plaintext), iteration: got.position.iteration });
    } catch (error) {
      refused.push((error as { code: string }).code);
    }
  }
  await work.commit();
  return { read, refused };
}

/** `sender` posts a message; its distributions reach everyone but `lose`; they are marked once the post is included. */
async function send(chain: TestChain, sender: Member, members: readonly Member[], groupId: Hex, words: string, lose: (to: Member) => boolean = () => false) {
  const prepared = await sender.groups.prepareMessage(groupId, text(words));
  const reached = await deliver(sender, prepared.outbox, members, lose);
  await post(chain, sender, prepared.topic, prepared.payload);
  await markReached(sender, prepared.outbox, reached);
  return prepared;
}

const head = (chain: TestChain) => chain.publicClient.getBlockNumber();

describe.each([3, 10, 50])("a %i-member group on the in-process chain", (size) => {
  let chain: TestChain;
  let members: Member[];
  let creator: Member;
  let groupId: Hex;
  const others = (m: Member) => members.filter((x) => x !== m);
  const logsOf = (logs: HushlogLog[], m: Member) => logs.filter((l) => l.sender.toLowerCase() !== m.account.toLowerCase());

  beforeAll(async () => {
    chain = await createTestChain();
    members = await createMembers(size, `g${size}-`);
    await attachWallets(chain, members);
    creator = members[0]!;
    const created = await creator.groups.createGroup({ name: `group of ${size}`, members: members.map((m) => m.account) });
    groupId = created.groupId;
    await markReached(creator, created.outbox, await deliver(creator, created.outbox, members));
  }, 300_000);

  afterAll(async () => {
    await chain?.close();
  });

  it("everyone reads everyone, one transaction per message", async () => {
    const from = (await head(chain)) + 1n;
    for (const m of members) await send(chain, m, members, groupId, `hello from ${m.name}`);
    const logs = await messageLogs(chain, from);
    expect(logs.length).toBe(size);
    expect(new Set(logs.map((l) => l.transactionHash)).size).toBe(size);
    for (const m of members) {
      const { read, refused } = await sync(m, logsOf(logs, m));
      expect(refused).toEqual([]);
      expect(read.map((r) => r.text).sort()).toEqual(others(m).map((o) => `hello from ${o.name}`).sort());
      expect(read.every((r) => r.text === `hello from ${members.find((x) => x.account === r.sender)!.name}`)).toBe(true);
    }
  }, 300_000);

  it("out-of-order and duplicated delivery decrypts each message exactly once", async () => {
    const from = (await head(chain)) + 1n;
    const senders = members.slice(0, Math.min(3, size - 1));
    for (let round = 0; round < 4; round++) for (const s of senders) await send(chain, s, members, groupId, `${s.name} #${round}`);
    const logs = await messageLogs(chain, from);
    const receiver = members[size - 1]!;
    const random = createSeededRandom(`shuffle ${size}`);
    const shuffled = [...logs, ...logs.slice(0, 5)].map((log) => ({ log, key: random(4) })).sort((a, b) => Buffer.compare(a.key, b.key)).map((x) => x.log);
    const { read, refused } = await sync(receiver, shuffled);
    expect(read.length).toBe(logs.length);
    expect(new Set(read.map((r) => r.text)).size).toBe(logs.length);
    expect(refused).toEqual(Array(5).fill("GROUP_KEY_UNAVAILABLE"));
    // Redelivering everything later (a backfill overlapping a live read) adds nothing.
    expect((await sync(receiver, logs)).refused).toEqual(Array(logs.length).fill("GROUP_KEY_UNAVAILABLE"));
  }, 300_000);

  it("a forged group message (bad signature, non-member sender) is refused without any state change", async () => {
    const [alice, mallory] = [members[1]!, members[size - 1]!];
    const bob = members[0]!;
    const outsider = await createMember(`outsider ${size}`);
    await attachWallets(chain, [outsider]);
    const from = (await head(chain)) + 1n;
    // Mallory, a member, holds Alice's chain key: she can make a valid AEAD on Alice's chain, not Alice's signature.
    const aliceRecord = decodeSenderKeyRecord((await mallory.store.getSenderKey(groupRecordKeys.senderKey(groupId, alice.account)))!);
    const state = aliceRecord.states[0]!;
    const seed = createSeededRandom("mallory's key")(32);
    const forged = await groupEncrypt(
      { chainSecret: new Uint8Array(32), topic: state.topic, headerKey: state.headerKey, signingKey: { seed, publicKey: await ed25519PublicKey(seed) }, iteration: state.iteration, chainKey: state.chainKey, entries: [] },
      text("Alice says: send me your keys"),
      { context: sessionContext(chain.deployment.chainId, chain.deployment.address) },
    );
    // Submitted from Alice's own account (a compromised relayer, say), so only the signature stands in the way.
    await post(chain, alice, forged.topic, forged.payload);
    // Alice's genuine next message, copied and posted first by an account that is not a member.
    const genuine = await alice.groups.prepareMessage(groupId, text("the real Alice"));
    expect(genuine.outbox.messages).toEqual([]);
    await post(chain, outsider, genuine.topic, genuine.payload, outsider.wallet);
    const forgedLogs = await messageLogs(chain, from);
    const snapshot = bob.snapshot();
    const { read, refused } = await sync(bob, forgedLogs);
    expect(read).toEqual([]);
    expect(refused).toEqual(["GROUP_BAD_SIGNATURE", "GROUP_SENDER_NOT_AUTHORIZED"]);
    expect(bob.snapshot()).toBe(snapshot);
    // The genuine message, posted by Alice, still decrypts: the refusals consumed nothing.
    const at = (await head(chain)) + 1n;
    await post(chain, alice, genuine.topic, genuine.payload);
    const { read: real } = await sync(bob, await messageLogs(chain, at));
    expect(real.map((r) => r.text)).toEqual(["the real Alice"]);
  }, 300_000);

  it("removal: keys rotate, the removed member reads nothing sent after it, a lost distribution is recovered", async () => {
    const removed = members[size - 1]!;
    const removedBefore = removed.snapshot();
    const removal = await creator.groups.removeMembers(groupId, [removed.account]);
    // The removed member ignores its notice (a malicious client keeps every old key): it is still locked out.
    await deliver(creator, removal.outbox, members, (to) => to === removed);
    await markReached(creator, removal.outbox, members.filter((m) => m !== removed));
    expect(removed.snapshot()).toBe(removedBefore);
    members = members.filter((m) => m !== removed);

    const from = (await head(chain)) + 1n;
    const [first, lossy, victim] = [members[0]!, members[1]!, members[size > 3 ? 2 : 0]!];
    for (const m of members) {
      const prepared = await send(chain, m, members, groupId, `after removal from ${m.name}`, (to) => m === lossy && to === victim);
      expect(prepared.outbox.messages.some((x) => x.to === removed.account)).toBe(false);
    }
    // The removed member posts on its old chain: nobody accepts it any more.
    const stale = await removed.groups.prepareMessage(groupId, text("am I still in?"));
    await post(chain, removed, stale.topic, stale.payload);
    const logs = await messageLogs(chain, from);

    const locked = await sync(removed, logsOf(logs, removed));
    expect(locked.read).toEqual([]);
    expect(locked.refused.every((code) => code === "GROUP_UNKNOWN_TOPIC")).toBe(true);

    for (const m of members) {
      const { read, refused } = await sync(m, logsOf(logs, m));
      const expected = others(m).filter((o) => !(m === victim && o === lossy)).map((o) => `after removal from ${o.name}`);
      expect(read.map((r) => r.text).sort()).toEqual(expected.sort());
      expect(refused).toEqual(m === victim ? ["GROUP_UNKNOWN_TOPIC", "GROUP_UNKNOWN_TOPIC"] : ["GROUP_UNKNOWN_TOPIC"]);
    }
    // The lossy sender's next message carries the key the victim missed; the victim then reads both.
    const at = (await head(chain)) + 1n;
    const again = await send(chain, lossy, members, groupId, "did you get that?");
    expect(again.outbox.messages.map((x) => x.to)).toEqual([victim.account]);
    const missed = logs.filter((l) => l.sender === lossy.wallet!.account.address);
    const recovered = await sync(victim, [...(await messageLogs(chain, at)), ...missed]);
    expect(recovered.read.map((r) => r.text)).toEqual(["did you get that?", `after removal from ${lossy.name}`]);
  }, 300_000);

  it("addition: the new member gets current keys, no history, and everyone reads it", async () => {
    const [newcomer] = await createMembers(1, `late${size}-`);
    await attachWallets(chain, [newcomer!]);
    const before = (await head(chain)) + 1n;
    await send(chain, members[1]!, members, groupId, "said before the addition");
    const history = await messageLogs(chain, 0n);

    const added = await creator.groups.addMembers(groupId, [newcomer!.account]);
    members = [...members, newcomer!];
    await markReached(creator, added.outbox, await deliver(creator, added.outbox, members));
    expect((await newcomer!.groups.getGroup(groupId))!.members.length).toBe(members.length);

    const old = await sync(newcomer!, history);
    expect(old.read).toEqual([]);
    expect(old.refused.length).toBe(history.length);

    const from = (await head(chain)) + 1n;
    for (const m of members) await send(chain, m, members, groupId, `welcome from ${m.name}`);
    const logs = await messageLogs(chain, from);
    for (const m of members) {
      const { read, refused } = await sync(m, logsOf(logs, m));
      expect(refused).toEqual([]);
      expect(read.map((r) => r.text).sort()).toEqual(others(m).map((o) => `welcome from ${o.name}`).sort());
    }
    expect(before).toBeLessThan(from);
    expect(hexToBytes(groupId).length).toBe(16);
  }, 300_000);
});
