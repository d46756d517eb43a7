import { ed25519 as nobleEd25519, x25519 as nobleX25519 } from "@noble/curves/ed25519.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { describe, expect, it, vi } from "vitest";
import { aeadOpen, aeadSeal, xchacha20Xor } from "../../src/crypto/aead.ts";
import { base64UrlDecode } from "../../src/crypto/base64UrlDecode.ts";
import { constantTimeEqual, wipe } from "../../src/crypto/bytes.ts";
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from "../../src/crypto/ed25519.ts";
import { hkdfSha256, hmacSha256, hmacSha256Pair } from "../../src/crypto/kdf.ts";
import { labels } from "../../src/crypto/labels.ts";
import { mlKem768Decapsulate, mlKem768Encapsulate, mlKem768KeyPair, mlKem768Sizes } from "../../src/crypto/mlKem768.ts";
import { MAX_POOLED_RANDOM_DRAW, RANDOM_POOL_BYTES } from "../../src/constants.ts";
import { createSeededRandom, paddingRandom, systemRandom } from "../../src/crypto/random.ts";
import { nodeCrypto } from "../../src/crypto/nodeCrypto.ts";
import { webCryptoAvailable, webEd25519PublicKey, webEd25519Sign, webEd25519Verify, webX25519 } from "../../src/crypto/webCrypto.ts";
import { x25519, x25519KeyPair, x25519PublicKey } from "../../src/crypto/x25519.ts";
import { loadVectors } from "../fixtures/loadVectors.ts";

const h = (hex: string) => hexToBytes(`0x${hex}` as Hex);
const hx = (bytes: Uint8Array) => bytesToHex(bytes).slice(2);

describe("primitives against published vectors", () => {
  it("finds node:crypto and WebCrypto on this platform (Node 24)", async () => {
    expect(await nodeCrypto()).not.toBeNull();
    expect(await webCryptoAvailable()).toBe(true);
  });

  it("X25519 (RFC 7748)", async () => {
    for (const v of loadVectors<{ secretKey: string; publicKey: string; shared: string }>("primitives.json", "x25519")) {
      expect(hx(await x25519(h(v.secretKey), h(v.publicKey)))).toBe(v.shared);
    }
    for (const v of loadVectors<{ secretKey: string; publicKey: string }>("primitives.json", "x25519PublicKey")) {
      expect(hx(await x25519PublicKey(h(v.secretKey)))).toBe(v.publicKey);
    }
  });

  it("Ed25519 (RFC 8032)", async () => {
    for (const v of loadVectors<{ seed: string; publicKey: string; message: string; signature: string }>("primitives.json", "ed25519")) {
      expect(hx(await ed25519PublicKey(h(v.seed)))).toBe(v.publicKey);
      expect(hx(await ed25519Sign(h(v.seed), h(v.message)))).toBe(v.signature);
      expect(await ed25519Verify(h(v.publicKey), h(v.message), h(v.signature))).toBe(true);
      const forged = h(v.signature);
      forged[0]! ^= 1;
      expect(await ed25519Verify(h(v.publicKey), h(v.message), forged)).toBe(false);
    }
  });

  it("HKDF-SHA256 (RFC 5869) and HMAC-SHA256 (RFC 4231)", () => {
    for (const v of loadVectors<{ ikm: string; salt: string; info: string; length: number; okm: string }>("primitives.json", "hkdfSha256")) {
      expect(hx(hkdfSha256(h(v.ikm), h(v.salt), h(v.info), v.length))).toBe(v.okm);
    }
    for (const v of loadVectors<{ key: string; data: string; mac: string }>("primitives.json", "hmacSha256")) {
      expect(hx(hmacSha256(h(v.key), h(v.data)))).toBe(v.mac);
    }
  });

  it("XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03)", () => {
    for (const v of loadVectors<{ key: string; nonce: string; ad: string; plaintext: string; sealed: string }>(
      "primitives.json",
      "xchacha20poly1305",
    )) {
      expect(hx(aeadSeal(h(v.key), h(v.nonce), h(v.plaintext), h(v.ad)))).toBe(v.sealed);
      expect(hx(aeadOpen(h(v.key), h(v.nonce), h(v.sealed), h(v.ad)))).toBe(v.plaintext);
      const tampered = h(v.sealed);
      tampered[tampered.length - 1]! ^= 0x80;
      expect(() => aeadOpen(h(v.key), h(v.nonce), tampered, h(v.ad))).toThrow(expect.objectContaining({ code: "CRYPTO_DECRYPTION_FAILED" }));
      expect(() => aeadOpen(h(v.key), h(v.nonce), h(v.sealed), new Uint8Array())).toThrow(expect.objectContaining({ code: "CRYPTO_DECRYPTION_FAILED" }));
    }
  });
});

describe("primitive wrappers", () => {
  const random = createSeededRandom("primitives");

  it("node:crypto, WebCrypto and noble agree on random X25519 and Ed25519 inputs", async () => {
    const node = (await nodeCrypto())!;
    for (let i = 0; i < 8; i++) {
      const a = random(32);
      const b = random(32);
      const B = nobleX25519.getPublicKey(b);
      const expected = nobleX25519.getSharedSecret(a, B);
      expect(await node.x25519(a, B)).toEqual(expected);
      expect(await webX25519(a, B)).toEqual(expected);
      expect(await x25519(a, B)).toEqual(expected);
      const message = random(i * 7);
      const signature = nobleEd25519.sign(message, a);
      const publicKey = nobleEd25519.getPublicKey(a);
      expect(await node.ed25519Sign(a, message)).toEqual(signature);
      expect(await webEd25519Sign(a, message)).toEqual(signature);
      expect(await ed25519Sign(a, message)).toEqual(signature);
      expect(await node.ed25519PublicKey(a)).toEqual(publicKey);
      expect(await webEd25519PublicKey(a)).toEqual(publicKey);
      expect(await node.ed25519Verify(publicKey, message, signature)).toBe(true);
      expect(await webEd25519Verify(publicKey, message, signature)).toBe(true);
      signature[i]! ^= 1;
      expect(await node.ed25519Verify(publicKey, message, signature)).toBe(false);
      expect(await webEd25519Verify(publicKey, message, signature)).toBe(false);
    }
  });

  it("on Node, X25519 and Ed25519 run on node:crypto (synchronous), not through WebCrypto's thread pool", async () => {
    const node = (await nodeCrypto())!;
    const dh = vi.spyOn(node.crypto, "diffieHellman");
    const sign = vi.spyOn(node.crypto, "sign");
    const subtleDerive = vi.spyOn(globalThis.crypto.subtle, "deriveBits");
    try {
      const pair = await x25519KeyPair();
      await x25519(pair.secretKey, nobleX25519.getPublicKey(random(32)));
      await ed25519Sign(random(32), new Uint8Array(3));
      expect(dh).toHaveBeenCalledTimes(1);
      expect(sign).toHaveBeenCalledTimes(1);
      expect(subtleDerive).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("a generated key pair is consistent on every backend, and a wiped secret stops working", async () => {
    const node = (await nodeCrypto())!;
    const generated = [node.x25519KeyPair(), await x25519KeyPair()];
    for (const pair of generated) {
      expect(nobleX25519.getPublicKey(pair.secretKey)).toEqual(pair.publicKey);
      const peer = nobleX25519.getPublicKey(random(32));
      const shared = await x25519(pair.secretKey, peer);
      expect(shared).toEqual(nobleX25519.getSharedSecret(pair.secretKey, peer));
      // The cached key object must not outlive the bytes it came from.
      wipe(pair.secretKey);
      await expect(x25519(pair.secretKey, peer)).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
    }
  });

  it("X25519 rejects small-order points and wrong lengths with InvalidKeyError", async () => {
    const { secretKey } = await x25519KeyPair(random);
    await expect(x25519(secretKey, new Uint8Array(32))).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
    const order8 = h("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
    await expect(x25519(secretKey, order8)).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
    await expect(x25519(secretKey, new Uint8Array(31))).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
  });

  it("Ed25519 verify returns false (never throws) for malformed keys and signatures", async () => {
    expect(await ed25519Verify(new Uint8Array(31), new Uint8Array(), new Uint8Array(64))).toBe(false);
    expect(await ed25519Verify(new Uint8Array(32).fill(0xff), new Uint8Array(), new Uint8Array(64))).toBe(false);
    expect(await ed25519Verify(random(32), new Uint8Array(), new Uint8Array(63))).toBe(false);
  });

  it("ML-KEM-768 is deterministic from its seed and round-trips; a wrong ciphertext gives another secret", () => {
    const seed = random(64);
    const keys = mlKem768KeyPair(seed);
    expect(keys.publicKey.length).toBe(mlKem768Sizes.publicKey);
    expect(mlKem768KeyPair(seed).publicKey).toEqual(keys.publicKey);
    const { cipherText, sharedSecret } = mlKem768Encapsulate(keys.publicKey, random);
    expect(cipherText.length).toBe(mlKem768Sizes.cipherText);
    expect(mlKem768Decapsulate(cipherText, keys.secretKey)).toEqual(sharedSecret);
    cipherText[5]! ^= 1;
    expect(mlKem768Decapsulate(cipherText, keys.secretKey)).not.toEqual(sharedSecret);
    expect(() => mlKem768Encapsulate(new Uint8Array(100))).toThrow(expect.objectContaining({ code: "CRYPTO_INVALID_KEY" }));
  });

  it("the paired chain-step HMAC equals two separate HMACs, call after call (it reuses its instance and buffer)", () => {
    let key = random(32);
    for (let i = 0; i < 20; i++) {
      const pair = hmacSha256Pair(key);
      expect(pair).toEqual([hmacSha256(key, Uint8Array.of(1)), hmacSha256(key, Uint8Array.of(2))]);
      expect(pair[0].buffer).not.toBe(pair[1].buffer);
      key = i % 2 ? pair[1] : random(i + 1);
    }
  });

  it("base64url decoding (JWK key members) matches the platform's and rejects what is not base64url", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = random(length);
      expect(base64UrlDecode(Buffer.from(bytes).toString("base64url"))).toEqual(bytes);
    }
    expect(() => base64UrlDecode("ab+c")).toThrow();
    expect(() => base64UrlDecode("abcde")).toThrow();
  });

  it("the raw stream XOR is its own inverse", () => {
    const key = random(32);
    const nonce = random(24);
    const data = random(50);
    expect(xchacha20Xor(key, nonce, xchacha20Xor(key, nonce, data))).toEqual(data);
  });

  it("seeded randomness is reproducible and differs by seed", () => {
    const a = createSeededRandom("x");
    const b = createSeededRandom("x");
    expect([a(10), a(5000), a(3)]).toEqual([b(10), b(5000), b(3)]);
    expect(createSeededRandom("y")(16)).not.toEqual(createSeededRandom("x")(16));
  });

  it("keys come straight from the platform CSPRNG: one call per draw, no pool holding future keys", () => {
    const calls = vi.spyOn(globalThis.crypto, "getRandomValues");
    try {
      systemRandom(32);
      systemRandom(64);
      expect(calls).toHaveBeenCalledTimes(2);
      calls.mockClear();
      // Padding draws are pooled: one platform call serves many.
      for (let i = 0; i < 20; i++) paddingRandom(8);
      expect(calls.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      calls.mockRestore();
    }
  });

  it("padding randomness: exact lengths, fresh bytes across pool refills, large draws direct", () => {
    // Draws of every size up to just past the pooled limit, through several refills: no prefix ever repeats.
    const prefixes: string[] = [];
    for (let i = 0; i < 3 * (RANDOM_POOL_BYTES / 16); i++) {
      const length = i % (MAX_POOLED_RANDOM_DRAW + 2);
      const draw = paddingRandom(length);
      expect(draw.length).toBe(length);
      if (length >= 16) prefixes.push(hx(draw.subarray(0, 16)));
    }
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const large = paddingRandom(RANDOM_POOL_BYTES + 1);
    expect(large.length).toBe(RANDOM_POOL_BYTES + 1);
    expect(large.some((byte) => byte !== 0)).toBe(true);
    // Each draw is its own array: wiping one leaves the next intact.
    const first = paddingRandom(32);
    const second = paddingRandom(32);
    wipe(first);
    expect(second.some((byte) => byte !== 0)).toBe(true);
    expect(first.buffer).not.toBe(second.buffer);
  });

  it("wipe zeroes, constantTimeEqual compares", () => {
    const secret = Uint8Array.of(1, 2, 3);
    expect(constantTimeEqual(secret, Uint8Array.of(1, 2, 3))).toBe(true);
    wipe(secret, undefined);
    expect(secret).toEqual(new Uint8Array(3));
    expect(constantTimeEqual(secret, new Uint8Array(4))).toBe(false);
  });

  it("labels are unique and versioned", () => {
    const all = Object.values(labels).flatMap((group) => Object.values(group).map((l) => new TextDecoder().decode(l)));
    expect(new Set(all).size).toBe(all.length);
    for (const l of all) expect(l).toMatch(/^hushlog\/v1\/[a-z0-9-]+\/[a-z0-9/-]+$/);
  });
});
