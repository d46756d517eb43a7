import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { x25519KeyPair } from "../../src/crypto/x25519.ts";
import { createInitiatorSession, createResponderSession } from "../../src/ratchet/createSession.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { padPlaintext } from "../../src/ratchet/padding.ts";
import { uvarintLength } from "../../src/wire/ByteWriter.ts";
import { MESSAGE_VERSION } from "../../src/wire/messagePayload.ts";
import { sessionPair, testContract } from "./conversation.ts";

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe("what an observer sees", () => {
  it("a payload shows the version and a padded length, never the ratchet key or the counter", async () => {
    let { initiator: alice } = await sessionPair("privacy");
    const payloads: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const out = await ratchetEncrypt(alice, new TextEncoder().encode("same text every time"));
      alice = out.session;
      payloads.push(out.payload);
    }
    const ratchetKey = alice.ourRatchetKey!.publicKey;
    for (const payload of payloads) {
      expect(payload[0]).toBe(MESSAGE_VERSION);
      // No 8-byte window of the ratchet key appears anywhere.
      for (let k = 0; k + 8 <= 32; k += 4) expect(contains(payload, ratchetKey.subarray(k, k + 8))).toBe(false);
    }
    // Headers of one chain (same key, counters 0..299) share no visible structure: the encrypted header bytes
    // differ at each position across messages about as random bytes would (a plaintext header would repeat
    // the key in 32 identical positions and leave the counter in a fixed place).
    for (let position = 1; position <= 34; position++) {
      const values = new Set(payloads.map((p) => p[position]));
      expect(values.size).toBeGreaterThan(150);
    }
    // Same plaintext, same chain: lengths vary only within the bucket's jitter (32..36 body bytes).
    const lengths = new Set(payloads.map((p) => p.length));
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(5);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(1 + 34 + 36 + 16);
  });

  it("the counter never moves a payload's length: header and body are padded together (issue 18)", () => {
    // Same plaintext, same random draw, every counter width (1 to 5 uvarint bytes): the header's extra bytes come
    // out of the body, so |header| + |body| is the same. Before issue 18 a short text was 82-86 bytes up to
    // message 127 and 83-87 from 128: an observer could tell a long run without reply.
    const counters = [0, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28, 0xffff_ffff];
    for (let length = 0; length <= 300; length++) {
      const plaintext = new Uint8Array(length).fill(7);
      const sizes = counters.map((counter) => 32 + uvarintLength(counter) + padPlaintext(plaintext, createSeededRandom(`pad ${length}`), counter).length);
      expect(new Set(sizes).size, `plaintext of ${length} bytes`).toBe(1);
    }
  });

  it("a message is bound to its deployment: another chainId or contract cannot decrypt it", async () => {
    const random = createSeededRandom("context");
    const rootKey = random(32);
    const ratchetKey = await x25519KeyPair(random);
    const bob = createResponderSession({ rootKey: rootKey.slice(), ratchetKey, chainId: 31337, contract: testContract });
    const aliceOtherChain = createInitiatorSession({ rootKey: rootKey.slice(), theirRatchetKey: ratchetKey.publicKey, chainId: 1, contract: testContract });
    const aliceOtherContract = createInitiatorSession({
      rootKey: rootKey.slice(),
      theirRatchetKey: ratchetKey.publicKey,
      chainId: 31337,
      contract: "0x0000000000000000000000000000000000000001",
    });
    const sent = await ratchetEncrypt(bob, new TextEncoder().encode("bound"));
    for (const other of [aliceOtherChain, aliceOtherContract]) {
      await expect(ratchetDecrypt(other, sent.payload, { topic: sent.topic })).rejects.toMatchObject({ code: "CRYPTO_DECRYPTION_FAILED" });
    }
  });

  it("the smallest payload (short text) is at most 86 bytes", async () => {
    let { responder: bob } = await sessionPair("size");
    for (let i = 0; i < 50; i++) {
      const out = await ratchetEncrypt(bob, new TextEncoder().encode("gm! lunch at noon?"));
      bob = out.session;
      expect(out.payload.length).toBeLessThanOrEqual(86);
    }
  });
});
