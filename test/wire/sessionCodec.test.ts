import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChainKdfVersion } from "../../src/ratchet/chainKdf.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";
import { decodeSession, encodeSession } from "../../src/wire/sessionCodec.ts";
import { chainKdfs, sessionPair } from "../ratchet/conversation.ts";

/** Plays a random conversation script and returns both sides' sessions at every step. */
async function play(script: { from: 0 | 1; deliver: boolean }[], chainKdf?: ChainKdfVersion): Promise<RatchetSession[]> {
  const { initiator, responder } = await sessionPair("codec", undefined, chainKdf);
  const sessions: RatchetSession[] = [initiator, responder];
  const seen: RatchetSession[] = [initiator, responder];
  for (const { from, deliver } of script) {
    const out = await ratchetEncrypt(sessions[from]!, new Uint8Array(5));
    sessions[from] = out.session;
    if (deliver) {
      const to = from === 0 ? 1 : 0;
      sessions[to] = (await ratchetDecrypt(sessions[to]!, out.payload, { topic: out.topic, now: 1_000, block: 5n })).session;
    }
    seen.push(...sessions);
  }
  return seen;
}

describe("session codec", () => {
  it("round-trips every session a conversation goes through, losslessly", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ from: fc.constantFrom(0 as const, 1 as const), deliver: fc.boolean() }), { maxLength: 30 }),
        fc.constantFrom(...chainKdfs),
        async (script, chainKdf) => {
          for (const session of await play(script, chainKdf)) {
            const bytes = encodeSession(session);
            // The format version names the chain KDF: stored v1 sessions keep their bytes.
            expect(bytes[0]).toBe(chainKdf);
            const decoded = decodeSession(bytes);
            expect(decoded).toEqual(session);
            expect(encodeSession(decoded)).toEqual(bytes);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a skip-chain session holds the keys its chain positions call for, and no others", async () => {
    // Positions around run boundaries (16, 256): which keys a chain holds there changes.
    let { initiator: alice, responder: bob } = await sessionPair("codec held keys", undefined, 2);
    for (let i = 0; i < 300; i++) {
      const out = await ratchetEncrypt(bob, new Uint8Array(1));
      bob = out.session;
      if (i % 7 === 0 || (i >= 250 && i <= 260) || (i >= 14 && i <= 18)) {
        alice = (await ratchetDecrypt(alice, out.payload, { topic: out.topic, now: 1_000 })).session;
      }
      for (const session of [alice, bob]) expect(encodeSession(decodeSession(encodeSession(session)))).toEqual(encodeSession(session));
    }
    // A session whose keys do not match its position is refused rather than written unreadable.
    expect(bob.sending!.index % 16).not.toBe(0);
    const broken = { ...bob, sending: { ...bob.sending!, chainKeys: [null, ...bob.sending!.chainKeys.slice(1)] } };
    expect(() => encodeSession(broken)).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
  });

  it("a typical session is well under 2 kB", async () => {
    const sessions = await play(
      Array.from({ length: 40 }, (_, i) => ({ from: (i % 3 === 0 ? 1 : 0) as 0 | 1, deliver: i % 7 !== 3 })),
    );
    const sizes = sessions.slice(-2).map((s) => encodeSession(s).length);
    for (const size of sizes) expect(size).toBeLessThan(2048);
  });

  it("a session larger than the encoder's first buffer (59 skipped keys) round-trips", async () => {
    let { initiator, responder } = await sessionPair("many skipped");
    let last!: Awaited<ReturnType<typeof ratchetEncrypt>>;
    for (let i = 0; i < 60; i++) {
      last = await ratchetEncrypt(responder, new TextEncoder().encode(`m${i}`));
      responder = last.session;
    }
    initiator = (await ratchetDecrypt(initiator, last.payload, { topic: last.topic })).session;
    expect(initiator.skipped.length).toBe(59);
    const bytes = encodeSession(initiator);
    expect(bytes.length).toBeGreaterThan(1024);
    expect(encodeSession(decodeSession(bytes))).toEqual(bytes);
  });

  it("a decoded session keeps working", async () => {
    let { initiator: alice, responder: bob } = await sessionPair("codec-continue");
    const out = await ratchetEncrypt(alice, new TextEncoder().encode("hi"));
    alice = decodeSession(encodeSession(out.session));
    bob = decodeSession(encodeSession((await ratchetDecrypt(bob, out.payload, { topic: out.topic })).session));
    const back = await ratchetEncrypt(bob, new TextEncoder().encode("back"));
    expect(new TextDecoder().decode((await ratchetDecrypt(alice, back.payload, { topic: back.topic })).plaintext)).toBe("back");
  });

  it("rejects malformed bytes with typed errors", async () => {
    const { initiator } = await sessionPair("codec-bad");
    const bytes = encodeSession(initiator);
    expect(() => decodeSession(bytes.subarray(0, bytes.length - 1))).toThrow(expect.objectContaining({ code: "WIRE_TRUNCATED" }));
    expect(() => decodeSession(Uint8Array.from([...bytes, 0]))).toThrow(expect.objectContaining({ code: "WIRE_TRAILING_BYTES" }));
    // Versions 1 and 2 exist (one per chain KDF); 3 does not, nor does 0.
    for (const version of [0, 3]) {
      expect(() => decodeSession(Uint8Array.from([version, ...bytes.subarray(1)]))).toThrow(expect.objectContaining({ code: "WIRE_UNKNOWN_VERSION" }));
    }
    const badFlags = bytes.slice();
    badFlags[1] = 0xff;
    expect(() => decodeSession(badFlags)).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
    expect(() => decodeSession(new Uint8Array())).toThrow(expect.objectContaining({ code: "WIRE_TRUNCATED" }));
  });
});
