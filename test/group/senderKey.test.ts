import { describe, expect, it } from "vitest";
import { MAX_CHAIN_INDEX, MAX_FORWARD_JUMP, MAX_SENDER_KEY_SKIPPED_KEYS, MAX_SENDER_KEY_STATES } from "../../src/constants.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { createOwnSenderKey } from "../../src/group/createOwnSenderKey.ts";
import { groupDecrypt } from "../../src/group/groupDecrypt.ts";
import { groupEncrypt } from "../../src/group/groupEncrypt.ts";
import { sealGroupMessage } from "../../src/group/groupMessageCrypto.ts";
import { processDistribution } from "../../src/group/processDistribution.ts";
import type { OwnSenderKey, SenderKeyRecord } from "../../src/group/SenderKey.ts";
import { distributionFor } from "../../src/group/senderKeyEntries.ts";
import { sessionContext } from "../../src/ratchet/createSession.ts";
import { encodeSenderKeyRecord } from "../../src/wire/senderKeyRecordCodec.ts";
import { text, untext } from "./groupHarness.ts";
import { alice, bob, context, groupId, senderChain } from "./senderChain.ts";

async function send(own: OwnSenderKey, count: number, random = createSeededRandom("send")) {
  const out: { payload: Uint8Array; topic: `0x${string}`; iteration: number }[] = [];
  let current = own;
  for (let i = 0; i < count; i++) {
    const sent = await groupEncrypt(current, text(`message ${current.iteration}`), { context, random });
    current = sent.own;
    out.push(sent);
  }
  return { own: current, messages: out };
}

const open = (record: SenderKeyRecord, m: { payload: Uint8Array; topic: `0x${string}` }, now = 1_700_000_000) =>
  groupDecrypt(record, m.payload, { topic: m.topic, context, now });

describe("sender keys", () => {
  it("a member reads the chain; the payload is version, hidden iteration, padded body, tag and signature", async () => {
    const { own, record } = await senderChain();
    const { messages } = await send(own, 3);
    let state = record;
    for (const [i, m] of messages.entries()) {
      const got = await open(state, m);
      expect(untext(got.plaintext)).toBe(`message ${i}`);
      expect(got.iteration).toBe(i);
      state = got.record;
      // 1 version + 1 header + 32..36 padded body + 16 tag + 64 signature
      expect(m.payload[0]).toBe(0x01);
      expect(m.payload.length).toBeGreaterThanOrEqual(114);
      expect(m.payload.length).toBeLessThanOrEqual(118);
    }
    expect(state.states[0]!.iteration).toBe(3);
    expect(state.skipped).toEqual([]);
  });

  it("decrypts out of order from skipped keys, and a duplicate is refused without changing the record", async () => {
    const { own, record } = await senderChain();
    const { messages } = await send(own, 5);
    let state = (await open(record, messages[4]!)).record;
    expect(state.skipped.map((k) => k.iteration)).toEqual([0, 1, 2, 3]);
    for (const i of [2, 0, 3, 1]) state = (await open(state, messages[i]!)).record;
    expect(state.skipped).toEqual([]);
    const before = encodeSenderKeyRecord(state);
    for (const m of messages) {
      await expect(open(state, m)).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE", iteration: m.iteration });
    }
    expect(encodeSenderKeyRecord(state)).toEqual(before);
  });

  it("refuses a jump beyond MAX_FORWARD_JUMP before deriving any key", async () => {
    const { own, record } = await senderChain();
    const far = await groupEncrypt({ ...own, iteration: MAX_FORWARD_JUMP + 1 }, text("far"), { context });
    await expect(open(record, far)).rejects.toMatchObject({ code: "GROUP_TOO_FAR_AHEAD" });
    const edge = await groupEncrypt({ ...own, iteration: MAX_FORWARD_JUMP }, text("edge"), { context });
    // Within the bound the jump is taken (the chain key here is not the one at that iteration, so the AEAD fails).
    await expect(open(record, edge)).rejects.toMatchObject({ code: "CRYPTO_DECRYPTION_FAILED" });
  });

  it("keeps at most MAX_SENDER_KEY_SKIPPED_KEYS skipped keys, dropping the oldest", async () => {
    const { own, record } = await senderChain();
    // Two jumps, each within MAX_FORWARD_JUMP (since issue 15 no larger than what can be stored): 1,000 keys
    // skipped, then 1,500 more, 500 over the limit.
    expect(MAX_FORWARD_JUMP).toBeLessThanOrEqual(MAX_SENDER_KEY_SKIPPED_KEYS);
    const first = 1_000;
    const last = MAX_SENDER_KEY_SKIPPED_KEYS + 501;
    const { messages } = await send(own, last + 1);
    const halfway = (await open(record, messages[first]!)).record;
    const state = (await open(halfway, messages[last]!)).record;
    expect(state.skipped.length).toBe(MAX_SENDER_KEY_SKIPPED_KEYS);
    expect(state.skipped[0]!.iteration).toBe(500);
    await expect(open(state, messages[499]!)).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
    expect(untext((await open(state, messages[500]!)).plaintext)).toBe("message 500");
  }, 60_000);

  it("drops skipped keys older than the TTL", async () => {
    const { own, record } = await senderChain();
    const { messages } = await send(own, 2);
    const state = (await open(record, messages[1]!, 1_700_000_000)).record;
    await expect(open(state, messages[0]!, 1_700_000_000 + 31 * 24 * 3600)).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
  });

  it("holds at most MAX_SENDER_KEY_STATES chains per member: older chains are dropped with their keys", async () => {
    const random = createSeededRandom("rotations");
    let record: SenderKeyRecord | null = null;
    const chains: OwnSenderKey[] = [];
    for (let i = 0; i <= MAX_SENDER_KEY_STATES; i++) {
      const own = await createOwnSenderKey(groupId, alice, [bob], random);
      chains.push(own);
      record = processDistribution(record, distributionFor(own, bob), groupId, alice).record;
    }
    expect(record!.states.length).toBe(MAX_SENDER_KEY_STATES);
    const oldest = await groupEncrypt(chains[0]!, text("old"), { context });
    await expect(open(record!, oldest)).rejects.toMatchObject({ code: "GROUP_UNKNOWN_TOPIC" });
    const second = await groupEncrypt(chains[1]!, text("late but kept"), { context });
    expect(untext((await open(record!, second)).plaintext)).toBe("late but kept");
  });

  it("counter overflow is an error, never a wrap", async () => {
    const { own, record } = await senderChain();
    await expect(groupEncrypt({ ...own, iteration: MAX_CHAIN_INDEX }, text("x"), { context })).rejects.toMatchObject({ code: "GROUP_CHAIN_EXHAUSTED" });
    // A signed message claiming the last iteration is refused as well (its successor state could not be stored).
    const forged = await sealGroupMessage({
      messageKey: new Uint8Array(32).fill(1),
      headerKey: record.states[0]!.headerKey,
      signingSeed: own.signingKey.seed,
      topic: own.topic,
      context,
      iteration: MAX_CHAIN_INDEX,
      body: new Uint8Array(32),
    });
    await expect(open(record, { payload: forged, topic: own.topic })).rejects.toMatchObject({ code: "GROUP_CHAIN_EXHAUSTED" });
  });

  it("another member cannot forge: a payload signed by any other key is refused before decryption", async () => {
    const { own, record } = await senderChain();
    const mallory = await createOwnSenderKey(groupId, bob, [alice], createSeededRandom("mallory"));
    // Mallory holds Alice's chain key (she is a member) but signs with her own key.
    const forged = await groupEncrypt({ ...own, signingKey: mallory.signingKey }, text("I am Alice"), { context });
    await expect(open(record, forged)).rejects.toMatchObject({ code: "GROUP_BAD_SIGNATURE" });
  });

  it("a payload is bound to its topic and deployment", async () => {
    const { own, record } = await senderChain();
    const [m] = (await send(own, 1)).messages;
    const otherContract = sessionContext(31337, "0x0000000000000000000000000000000000000001");
    await expect(groupDecrypt(record, m!.payload, { topic: m!.topic, context: otherContract })).rejects.toMatchObject({ code: "GROUP_BAD_SIGNATURE" });
    const otherTopic = `0x${"ab".repeat(16)}${"0".repeat(32)}` as const;
    await expect(open(record, { ...m!, topic: otherTopic })).rejects.toMatchObject({ code: "GROUP_UNKNOWN_TOPIC" });
  });

  it("a chain re-announced by another member gets another topic: it cannot claim the owner's messages", async () => {
    const { own } = await senderChain();
    const asBob = processDistribution(null, distributionFor(own, bob), groupId, bob);
    expect(asBob.topic).not.toBe(own.topic);
  });

  it("a repeated distribution of a chain we hold changes nothing (no replay of read messages)", async () => {
    const { own, record } = await senderChain();
    const { messages } = await send(own, 2);
    const read = (await open(record, messages[1]!)).record;
    const again = processDistribution(read, distributionFor(own, bob), groupId, alice);
    expect(again.added).toBe(false);
    expect(again.record).toBe(read);
    await expect(open(again.record, messages[1]!)).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
  });

  it("a member given the key at a later iteration cannot read earlier messages (no history)", async () => {
    const random = createSeededRandom("late joiner");
    const start = await createOwnSenderKey(groupId, alice, [], random);
    const { own, messages } = await send(start, 3);
    const { record } = processDistribution(null, distributionFor(own, bob), groupId, alice);
    for (const m of messages) await expect(open(record, m)).rejects.toMatchObject({ code: "GROUP_KEY_UNAVAILABLE" });
    const next = await groupEncrypt(own, text("welcome"), { context });
    expect(untext((await open(record, next)).plaintext)).toBe("welcome");
  });
});
