import { x25519 as nobleX25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { x25519 } from "../../src/crypto/x25519.ts";
import { x25519Batch } from "../../src/crypto/x25519Batch.ts";
import { loadVectors } from "../fixtures/loadVectors.ts";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));

describe("x25519Batch", () => {
  it("gives X25519(secret, P) for every P, in order, as the single-key function and noble do", async () => {
    const random = createSeededRandom("x25519 batch");
    const secret = random(32);
    const keys = Array.from({ length: 300 }, () => nobleX25519.getPublicKey(random(32)));
    const other = random(32);
    const [batch, second] = await x25519Batch([secret, other], keys);
    for (const [i, key] of keys.entries()) {
      expect(batch![i]).toEqual(await x25519(secret, key));
      expect(batch![i]).toEqual(nobleX25519.getSharedSecret(secret, key));
      expect(second![i]).toEqual(nobleX25519.getSharedSecret(other, key));
    }
    const [vector] = loadVectors<{ secretKey: string; publicKey: string; shared: string }>("primitives.json", "x25519");
    expect(await x25519Batch([hex(vector!.secretKey)], [hex(vector!.publicKey)])).toEqual([[hex(vector!.shared)]]);
  });

  it("answers null for small-order or malformed keys instead of failing the batch", async () => {
    const secret = createSeededRandom("x25519 batch nulls")(32);
    const good = nobleX25519.getPublicKey(createSeededRandom("good")(32));
    const zero = new Uint8Array(32);
    const one = Uint8Array.of(1, ...new Uint8Array(31));
    const [result] = await x25519Batch([secret], [zero, good, one, new Uint8Array(31), good]);
    expect(result!.map((r) => r !== null)).toEqual([false, true, false, false, true]);
    await expect(x25519Batch([secret, new Uint8Array(31)], [good])).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
  });
});
