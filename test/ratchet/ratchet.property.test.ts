import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BaseError } from "../../src/errors/BaseError.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";
import { encodeSession } from "../../src/wire/sessionCodec.ts";
import { chainKdfs, sessionPair } from "./conversation.ts";

/**
 * A conversation script: each step either lets one side send, or delivers one in-flight message (chosen by
 * index, so any order is reachable), possibly a duplicate of one already delivered, or drops one for good.
 */
type Step =
  | { kind: "send"; from: 0 | 1 }
  | { kind: "deliver"; pick: number }
  | { kind: "duplicate"; pick: number }
  | { kind: "drop"; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("send" as const), from: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }) },
);

/** Typed errors a duplicate (or a message of a chain dropped beyond the limits) may legitimately raise. */
const rejectionCodes = new Set(["RATCHET_KEY_UNAVAILABLE", "RATCHET_UNKNOWN_TOPIC"]);

describe.each(chainKdfs)("double ratchet properties (chain KDF %i)", (chainKdf) => {
  it("any interleaving, reordering, duplication and loss delivers each message exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const { initiator, responder } = await sessionPair("property", undefined, chainKdf);
        const sessions: RatchetSession[] = [initiator, responder];
        type InFlight = { to: 0 | 1; payload: Uint8Array; topic: `0x${string}`; text: string };
        const inFlight: InFlight[] = [];
        const delivered: InFlight[] = [];
        const received: string[][] = [[], []];
        const sent: string[] = [];
        let counter = 0;

        for (const s of steps) {
          if (s.kind === "send") {
            const text = `m${counter++}`;
            const out = await ratchetEncrypt(sessions[s.from]!, new TextEncoder().encode(text));
            sessions[s.from] = out.session;
            inFlight.push({ to: s.from === 0 ? 1 : 0, payload: out.payload, topic: out.topic, text });
            sent.push(text);
            continue;
          }
          const pool = s.kind === "duplicate" ? delivered : inFlight;
          if (pool.length === 0) continue;
          const [message] = s.kind === "duplicate" ? [pool[s.pick % pool.length]!] : pool.splice(s.pick % pool.length, 1);
          if (s.kind === "drop") continue;
          const before = encodeSession(sessions[message!.to]!);
          try {
            const got = await ratchetDecrypt(sessions[message!.to]!, message!.payload, { topic: message!.topic });
            expect(s.kind).toBe("deliver");
            sessions[message!.to] = got.session;
            received[message!.to]!.push(new TextDecoder().decode(got.plaintext));
            delivered.push(message!);
          } catch (error) {
            // Only duplicates may fail, with a typed reason, and a failure changes nothing.
            expect(s.kind).toBe("duplicate");
            expect(error).toBeInstanceOf(BaseError);
            expect(rejectionCodes.has((error as BaseError).code)).toBe(true);
            expect(encodeSession(sessions[message!.to]!)).toEqual(before);
          }
        }
        // Everything delivered arrived exactly once, with its text.
        const all = [...received[0]!, ...received[1]!];
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual(delivered.map((m) => m.text).sort());
      }),
      { numRuns: 2000 },
    );
  }, 300_000);

  it("a long chain (across the skip chain's runs of 16 and 256) delivered in any order, with gaps and duplicates, decrypts each message once", async () => {
    // One direction, 700 messages: every message number lands somewhere in the runs, and jumps reach hundreds.
    let { initiator: alice, responder: start } = await sessionPair("long chain", undefined, chainKdf);
    const sent: { payload: Uint8Array; topic: `0x${string}` }[] = [];
    for (let i = 0; i < 700; i++) {
      const out = await ratchetEncrypt(alice, new TextEncoder().encode(`long ${i}`));
      alice = out.session;
      sent.push(out);
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: sent.length - 1 }), { minLength: 1, maxLength: 40 }), async (order) => {
        let bob = start;
        const done = new Set<number>();
        for (const i of order) {
          const before = encodeSession(bob);
          try {
            const got = await ratchetDecrypt(bob, sent[i]!.payload, { topic: sent[i]!.topic, now: 1_000 });
            expect(done.has(i)).toBe(false);
            expect(new TextDecoder().decode(got.plaintext)).toBe(`long ${i}`);
            expect(got.position.index).toBe(i);
            bob = got.session;
            done.add(i);
          } catch (error) {
            // Only a second delivery may fail (every jump here is within the limits), and it changes nothing.
            expect(done.has(i)).toBe(true);
            expect((error as BaseError).code).toBe("RATCHET_KEY_UNAVAILABLE");
            expect(encodeSession(bob)).toEqual(before);
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 300_000);

  it("any single bit flip in a payload is rejected with the session unchanged", async () => {
    let { initiator: alice, responder: bob } = await sessionPair("bitflip", undefined, chainKdf);
    const text = (t: string) => new TextEncoder().encode(t);
    // History for Bob: a chain with skipped keys (w0, w1 never arrive).
    for (let i = 0; i < 3; i++) {
      const out = await ratchetEncrypt(alice, text(`w${i}`));
      alice = out.session;
      if (i === 2) bob = (await ratchetDecrypt(bob, out.payload, { topic: out.topic })).session;
    }
    // Target 1: a message on Bob's established chain.
    const onChain = await ratchetEncrypt(alice, text("flip me"));
    alice = onChain.session;
    // Target 2: after Bob replies, Alice's next message starts a new chain (a DH ratchet step for Bob).
    const reply = await ratchetEncrypt(bob, text("reply"));
    bob = reply.session;
    alice = (await ratchetDecrypt(alice, reply.payload, { topic: reply.topic })).session;
    const newChain = await ratchetEncrypt(alice, text("new chain"));
    const before = encodeSession(bob);
    const payloads = [onChain, newChain];

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.nat(), fc.integer({ min: 0, max: 7 }), async (which, byte, bit) => {
        const { payload, topic } = payloads[which]!;
        const flipped = payload.slice();
        flipped[byte % flipped.length]! ^= 1 << bit;
        await expect(ratchetDecrypt(bob, flipped, { topic })).rejects.toBeInstanceOf(BaseError);
        expect(encodeSession(bob)).toEqual(before);
      }),
      { numRuns: 1000 },
    );
    // The untouched payload still decrypts afterwards.
    for (const [out, expected] of [[onChain, "flip me"], [newChain, "new chain"]] as const) {
      const got = await ratchetDecrypt(bob, out.payload, { topic: out.topic });
      bob = got.session;
      expect(new TextDecoder().decode(got.plaintext)).toBe(expected);
    }
  }, 300_000);
});
