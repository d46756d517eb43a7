import { describe, expect, it } from "vitest";
import { MAX_FORWARD_JUMP, MAX_SKIPPED_KEYS, PREVIOUS_CHAIN_TTL_SECONDS } from "../../src/constants.ts";
import { chainStartLength } from "../../src/ratchet/chainKdf.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";
import { deriveChainAddress, deriveChainSeeds } from "../../src/topics/deriveChainSeeds.ts";
import { inboundTopics } from "../../src/topics/inboundTopics.ts";
import { chainKdfs, sessionPair } from "./conversation.ts";

const te = new TextEncoder();
const td = new TextDecoder();

async function send(from: RatchetSession, text: string, random: (n: number) => Uint8Array) {
  return ratchetEncrypt(from, te.encode(text), { random });
}

describe.each(chainKdfs)("double ratchet (chain KDF %i)", (chainKdf) => {
  it("either side may speak first; ping-pong walks DH epochs and rotates topics", async () => {
    let { initiator: alice, responder: bob, random } = await sessionPair("pingpong", undefined, chainKdf);
    const topics = new Set<string>();
    // The responder speaks first, on its epoch-0 chain.
    let sent = await send(bob, "hello from bob", random);
    bob = sent.session;
    topics.add(sent.topic);
    let got = await ratchetDecrypt(alice, sent.payload, { topic: sent.topic });
    alice = got.session;
    expect(td.decode(got.plaintext)).toBe("hello from bob");

    for (let round = 0; round < 6; round++) {
      sent = await send(alice, `a${round}`, random);
      alice = sent.session;
      topics.add(sent.topic);
      expect(inboundTopics(bob).next ?? inboundTopics(bob).current).toBeTruthy();
      got = await ratchetDecrypt(bob, sent.payload, { topic: sent.topic });
      bob = got.session;
      expect(td.decode(got.plaintext)).toBe(`a${round}`);

      sent = await send(bob, `b${round}`, random);
      bob = sent.session;
      topics.add(sent.topic);
      got = await ratchetDecrypt(alice, sent.payload, { topic: sent.topic });
      alice = got.session;
      expect(td.decode(got.plaintext)).toBe(`b${round}`);
    }
    // Every sending chain posted on its own topic: 1 (bob epoch 0) + 6 alice + 6 bob chains.
    expect(topics.size).toBe(13);
    for (const topic of topics) expect(topic.slice(34)).toBe("0".repeat(32));
  });

  it("a chain of messages in one direction stays on one topic and decrypts out of order", async () => {
    let { initiator: alice, responder: bob, random } = await sessionPair("oneway", undefined, chainKdf);
    const payloads = [];
    for (let i = 0; i < 10; i++) {
      const sent = await send(alice, `m${i}`, random);
      alice = sent.session;
      payloads.push(sent);
    }
    expect(new Set(payloads.map((p) => p.topic)).size).toBe(1);
    for (const i of [3, 0, 9, 1, 2, 8, 4, 5, 7, 6]) {
      const got = await ratchetDecrypt(bob, payloads[i]!.payload, { topic: payloads[i]!.topic });
      bob = got.session;
      expect(td.decode(got.plaintext)).toBe(`m${i}`);
      expect(got.position.index).toBe(i);
    }
    expect(bob.skipped).toHaveLength(0);
    // Replays are rejected, and leave the session as it was.
    await expect(ratchetDecrypt(bob, payloads[4]!.payload, { topic: payloads[4]!.topic })).rejects.toMatchObject({
      code: "RATCHET_KEY_UNAVAILABLE",
    });
  });

  it("a failed decrypt leaves the session untouched", async () => {
    let { initiator: alice, responder: bob, random } = await sessionPair("untouched", undefined, chainKdf);
    const sent = await send(alice, "x", random);
    const before = structuredClone(bob);
    const bad = sent.payload.slice();
    bad[bad.length - 1]! ^= 1;
    await expect(ratchetDecrypt(bob, bad, { topic: sent.topic })).rejects.toThrow();
    expect(bob).toEqual(before);
    bob = (await ratchetDecrypt(bob, sent.payload, { topic: sent.topic })).session;
  });

  it("refuses a jump beyond MAX_FORWARD_JUMP and keeps at most MAX_SKIPPED_KEYS, dropping the oldest", async () => {
    let { initiator: alice, responder: bob, random } = await sessionPair("limits", undefined, chainKdf);
    let first = await send(alice, "first", random);
    alice = first.session;
    // Fast-forward the sender's chain without producing messages.
    const far = { ...alice, sending: { ...alice.sending!, index: alice.sending!.index + MAX_FORWARD_JUMP } };
    const tooFar = await send(far, "too far", random);
    // jump = (1 + MAX_FORWARD_JUMP) - 0 > MAX_FORWARD_JUMP
    await expect(ratchetDecrypt(bob, tooFar.payload, { topic: tooFar.topic })).rejects.toMatchObject({ code: "RATCHET_TOO_FAR_AHEAD" });

    // Advance the sender's chain for real, as if it had sent (and lost) messages: every key of the jump is stored.
    const lose = async (count: number) => {
      for (let i = 0; i < count; i++) alice = (await send(alice, "lost", random)).session;
    };
    await lose(MAX_FORWARD_JUMP - 1);
    const edge = await send(alice, "edge", random);
    alice = edge.session;
    // jump = MAX_FORWARD_JUMP exactly (messages 0 .. MAX_FORWARD_JUMP - 1 skipped): accepted, all of them stored.
    bob = (await ratchetDecrypt(bob, edge.payload, { topic: edge.topic })).session;
    expect(bob.skipped).toHaveLength(MAX_FORWARD_JUMP);
    // MAX_FORWARD_JUMP is what can be stored (issue 15), so the store overflows only over several jumps.
    expect(MAX_FORWARD_JUMP).toBeLessThanOrEqual(MAX_SKIPPED_KEYS);
    await lose(100);
    const late = await send(alice, "late", random);
    alice = late.session;
    bob = (await ratchetDecrypt(bob, late.payload, { topic: late.topic })).session;
    // 2,000 + 100 keys: the oldest 100 (messages 0..99, stored first) were dropped.
    expect(bob.skipped).toHaveLength(MAX_SKIPPED_KEYS);
    expect(bob.skipped[0]!.index).toBe(MAX_FORWARD_JUMP + 100 - MAX_SKIPPED_KEYS);
    await expect(ratchetDecrypt(bob, first.payload, { topic: first.topic })).rejects.toMatchObject({ code: "RATCHET_KEY_UNAVAILABLE" });
  });

  it("late messages of a previous chain decrypt until the window closes (time and blocks)", async () => {
    let { initiator: alice, responder: bob, random } = await sessionPair("previous", undefined, chainKdf);
    const old1 = await send(alice, "old 1", random);
    alice = old1.session;
    const old2 = await send(alice, "old 2", random);
    alice = old2.session;
    bob = (await ratchetDecrypt(bob, old1.payload, { topic: old1.topic, now: 1000, block: 10n })).session;
    // Bob answers, Alice answers back on a new chain: Bob's view of old chain becomes "previous".
    const reply = await send(bob, "reply", random);
    bob = reply.session;
    alice = (await ratchetDecrypt(alice, reply.payload, { topic: reply.topic, now: 1000, block: 11n })).session;
    const fresh = await send(alice, "new chain", random);
    alice = fresh.session;
    bob = (await ratchetDecrypt(bob, fresh.payload, { topic: fresh.topic, now: 1000, block: 12n })).session;
    expect(inboundTopics(bob, { now: 1000, block: 12n }).previous).toEqual([old1.topic]);

    // Still open after the time bound alone has passed (blocks have not).
    const later = { now: 1000 + PREVIOUS_CHAIN_TTL_SECONDS + 1, block: 13n };
    const got = await ratchetDecrypt(bob, old2.payload, { topic: old2.topic, ...later });
    expect(td.decode(got.plaintext)).toBe("old 2");
    // Closed once both have passed.
    const closed = { now: 1000 + PREVIOUS_CHAIN_TTL_SECONDS + 1, block: 12n + 302_400n };
    expect(inboundTopics(bob, closed).previous).toEqual([]);
    await expect(ratchetDecrypt(bob, old2.payload, { topic: old2.topic, ...closed })).rejects.toMatchObject({ code: "RATCHET_CHAIN_EXPIRED" });
  });

  it("a chain's address (topic, header key) is the prefix of its seeds, per direction", () => {
    const rootKey = new Uint8Array(32).fill(7);
    for (const direction of ["initiator", "responder"] as const) {
      const { topic, headerKey, chainStart } = deriveChainSeeds(rootKey, direction, chainStartLength(chainKdf));
      expect(deriveChainAddress(rootKey, direction)).toEqual({ topic, headerKey });
      // The first 32 bytes of the chain start are the same under both chain KDFs (HKDF prefix).
      expect(chainStart.subarray(0, 32)).toEqual(deriveChainSeeds(rootKey, direction, 32).chainStart);
    }
    expect(deriveChainAddress(rootKey, "initiator").topic).not.toBe(deriveChainAddress(rootKey, "responder").topic);
  });

  it("rejects unknown topics", async () => {
    const { initiator: alice, responder: bob, random } = await sessionPair("unknown", undefined, chainKdf);
    const sent = await send(alice, "x", random);
    await expect(ratchetDecrypt(bob, sent.payload, { topic: `0x${"ab".repeat(16)}${"0".repeat(32)}` })).rejects.toMatchObject({
      code: "RATCHET_UNKNOWN_TOPIC",
    });
  });
});
