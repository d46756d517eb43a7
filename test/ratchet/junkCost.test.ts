import { describe, expect, it, vi } from "vitest";
import { MAX_FORWARD_JUMP, SKIP_CHAIN_BRANCHING, SKIP_CHAIN_LEVELS } from "../../src/constants.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import type { ChainKdfVersion } from "../../src/ratchet/chainKdf.ts";
import { sealMessage } from "../../src/ratchet/messageCrypto.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";
import { encodeSession } from "../../src/wire/sessionCodec.ts";
import { sessionPair } from "./conversation.ts";

/**
 * Issue 15, "bounded cost of junk", in counts (the time ratio is `crypto.junkMessage.ratio` in `npm run bench`).
 * Every HMAC of the ratchet goes through src/crypto/kdf.ts: they are counted there, a pair as two.
 */
const counter = vi.hoisted(() => ({ hmacs: 0 }));
vi.mock("../../src/crypto/kdf.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/crypto/kdf.ts")>();
  return {
    ...real,
    hmacSha256: (...args: Parameters<typeof real.hmacSha256>) => {
      counter.hmacs += 1;
      return real.hmacSha256(...args);
    },
    hmacSha256Pair: (...args: Parameters<typeof real.hmacSha256Pair>) => {
      counter.hmacs += 2;
      return real.hmacSha256Pair(...args);
    },
  };
});

const te = new TextEncoder();
const junkKey = createSeededRandom("junk message keys");
const pick = createSeededRandom("junk message numbers");

/**
 * The skip chain's promise (ratchet/skipChain.ts, "Cost"): reaching any message within MAX_FORWARD_JUMP takes at most
 * floor(J / b^2) top steps, then per lower level a pair down and b - 1 steps, then the message pair.
 */
const b = SKIP_CHAIN_BRANCHING;
const junkBudget = Math.floor(MAX_FORWARD_JUMP / b ** (SKIP_CHAIN_LEVELS - 1)) + (SKIP_CHAIN_LEVELS - 1) * (b + 1) + 2;

/**
 * What a peer can post on its own chain's topic: it holds the header key, so the header is valid (its ratchet key,
 * any message number), but the body is sealed under a key of its choosing, so the body tag fails at the receiver.
 */
function junkMessage(peer: RatchetSession, index: number): { payload: Uint8Array; topic: `0x${string}` } {
  const chain = peer.sending!;
  const payload = sealMessage({
    messageKey: junkKey(32),
    headerKey: chain.headerKey,
    topic: chain.topic,
    context: peer.context,
    ratchetKey: peer.ourRatchetKey!.publicKey,
    index,
    body: new Uint8Array(40),
  });
  return { payload, topic: chain.topic };
}

/** HMACs computed by `fn`. */
async function hmacsOf(fn: () => Promise<unknown>): Promise<number> {
  const before = counter.hmacs;
  await fn();
  return counter.hmacs - before;
}

/**
 * Bob rejects `junk` with `code`, the rejection costs at most `budget` HMACs, and Bob's session is byte for byte
 * what it was.
 */
async function expectRejected(bob: RatchetSession, junk: { payload: Uint8Array; topic: `0x${string}` }, code: string, budget: number) {
  const before = encodeSession(bob);
  let rejection: unknown = null;
  const hmacs = await hmacsOf(() => ratchetDecrypt(bob, junk.payload, { topic: junk.topic }).catch((error) => (rejection = error)));
  expect(rejection).toMatchObject({ code });
  expect(encodeSession(bob)).toEqual(before);
  expect(hmacs).toBeLessThanOrEqual(budget);
  return hmacs;
}

/**
 * Alice (the peer) and Bob, with Bob holding a receiving chain for Alice's current chain at position `position`
 * (Alice sent messages 0 .. position - 1 and Bob received the last one).
 */
async function established(seed: string, chainKdf?: ChainKdfVersion, position = 1) {
  let { initiator: alice, responder: bob } = await sessionPair(seed, undefined, chainKdf);
  let last!: Awaited<ReturnType<typeof ratchetEncrypt>>;
  for (let i = 0; i < position; i++) {
    last = await ratchetEncrypt(alice, te.encode(`m${i}`));
    alice = last.session;
  }
  bob = (await ratchetDecrypt(bob, last.payload, { topic: last.topic })).session;
  expect(bob.receiving[0]!.index).toBe(position);
  return { alice, bob };
}

describe("junk messages from a peer, skip chain (chain KDF 2, new sessions)", () => {
  it("a valid header claiming the largest jump, with a junk body, is rejected within the budget, session unchanged", async () => {
    expect(junkBudget).toBeLessThanOrEqual(50);
    const { alice, bob } = await established("junk far jump");
    await expectRejected(bob, junkMessage(alice, bob.receiving[0]!.index + MAX_FORWARD_JUMP), "CRYPTO_DECRYPTION_FAILED", junkBudget);
  });

  it("every message number a header may claim costs at most the budget, from chain positions around run boundaries", async () => {
    let worst = 0;
    for (const position of [1, 30, b - 1, b * b, b * b + 1]) {
      const { alice, bob } = await established(`junk every number ${position}`, 2, position);
      for (let index = position; index <= position + MAX_FORWARD_JUMP; index++) {
        worst = Math.max(worst, await expectRejected(bob, junkMessage(alice, index), "CRYPTO_DECRYPTION_FAILED", junkBudget));
      }
    }
    // The budget is not slack: some number comes within a few HMACs of it (40 of 43 with b = 16, J = 2,000).
    expect(worst).toBeGreaterThan(junkBudget - 5);
  }, 120_000);

  it("a flood of junk (far, near, too far, replayed, on the next chain) stays within budget and never stalls the chain", async () => {
    let { alice, bob } = await established("junk flood", 2, 5);
    // Bob answers, so Alice's next message starts a new chain: junk can also come on Bob's `next` topic (a DH step).
    const reply = await ratchetEncrypt(bob, te.encode("reply"));
    bob = reply.session;
    let aliceNext = (await ratchetDecrypt(alice, reply.payload, { topic: reply.topic })).session;
    aliceNext = (await ratchetEncrypt(aliceNext, te.encode("started a chain"))).session;
    const start = bob.receiving[0]!.index;
    const floodSize = 300;
    let total = 0;
    for (let i = 0; i < floodSize; i++) {
      const r = pick(2);
      const claimed = start + (((r[0]! << 8) | r[1]!) % (MAX_FORWARD_JUMP + 1));
      switch (i % 5) {
        case 0:
        case 1:
          total += await expectRejected(bob, junkMessage(alice, claimed), "CRYPTO_DECRYPTION_FAILED", junkBudget);
          break;
        case 2:
          total += await expectRejected(bob, junkMessage(alice, start + MAX_FORWARD_JUMP + 1 + i), "RATCHET_TOO_FAR_AHEAD", 0);
          break;
        case 3:
          // A number already used (messages 0..4 were sent; 4 was received, 0..3 are skipped keys): no derivation.
          total += await expectRejected(bob, junkMessage(alice, i % 4), "CRYPTO_DECRYPTION_FAILED", 0);
          break;
        case 4:
          // On the peer's next chain: a DH step and a root step (HKDF, not counted here) before the same bounded seek.
          total += await expectRejected(bob, junkMessage(aliceNext, claimed - start), "CRYPTO_DECRYPTION_FAILED", junkBudget);
          break;
      }
    }
    expect(total).toBeLessThanOrEqual(floodSize * junkBudget);
    // The real messages that follow decrypt as if the flood had never happened, late ones included.
    const late = await ratchetEncrypt(alice, te.encode("late"));
    alice = late.session;
    for (let i = 0; i < 3; i++) {
      const out = await ratchetEncrypt(alice, te.encode(`after ${i}`));
      alice = out.session;
      const got = await ratchetDecrypt(bob, out.payload, { topic: out.topic });
      bob = got.session;
      expect(new TextDecoder().decode(got.plaintext)).toBe(`after ${i}`);
    }
    expect(new TextDecoder().decode((await ratchetDecrypt(bob, late.payload, { topic: late.topic })).plaintext)).toBe("late");
  }, 60_000);

  it("an authentic message derives the keys of the messages it skipped, and stores them", async () => {
    let { alice, bob } = await established("junk authentic jump", 2, 1);
    const skipped: Awaited<ReturnType<typeof ratchetEncrypt>>[] = [];
    for (let i = 0; i < 600; i++) {
      const out = await ratchetEncrypt(alice, te.encode(`gap ${i}`));
      alice = out.session;
      skipped.push(out);
    }
    const far = await ratchetEncrypt(alice, te.encode("far"));
    bob = (await ratchetDecrypt(bob, far.payload, { topic: far.topic })).session;
    expect(bob.skipped).toHaveLength(600);
    for (const i of [599, 0, 300, 17, 255, 256]) {
      const got = await ratchetDecrypt(bob, skipped[i]!.payload, { topic: skipped[i]!.topic });
      bob = got.session;
      expect(new TextDecoder().decode(got.plaintext)).toBe(`gap ${i}`);
    }
  });

  it("in order, a message costs one HMAC pair plus a little at run boundaries", async () => {
    let { alice, bob } = await established("junk normal cost", 2, 1);
    const count = 4 * b * b;
    let hmacs = 0;
    for (let i = 0; i < count; i++) {
      const out = await ratchetEncrypt(alice, te.encode("x"));
      alice = out.session;
      hmacs += await hmacsOf(async () => (bob = (await ratchetDecrypt(bob, out.payload, { topic: out.topic })).session));
    }
    // One pair per message, a pair down every b messages and every b^2: at most 2 (1 + 1/b + 1/b^2) on average.
    expect(hmacs / count).toBeLessThanOrEqual(2 * (1 + 1 / b + 1 / b ** 2));
  });
});

describe("junk messages from a peer, linear chain (chain KDF 1, sessions stored before chain KDF 2)", () => {
  it("costs at most MAX_FORWARD_JUMP steps (was 25,000 HMAC pairs), session unchanged", async () => {
    const { alice, bob } = await established("junk linear", 1);
    // The seek walks the chain one HMAC per skipped message, then one pair: bounded by the jump, not by a constant.
    const hmacs = await expectRejected(
      bob,
      junkMessage(alice, bob.receiving[0]!.index + MAX_FORWARD_JUMP),
      "CRYPTO_DECRYPTION_FAILED",
      MAX_FORWARD_JUMP + 2,
    );
    expect(hmacs).toBe(MAX_FORWARD_JUMP + 2);
  });
});
