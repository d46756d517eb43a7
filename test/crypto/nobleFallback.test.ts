import { afterEach, describe, expect, it, vi } from "vitest";
import { loadVectors } from "../fixtures/loadVectors.ts";

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

/**
 * Without node:crypto and WebCrypto, X25519 and Ed25519 fall back to noble, which is loaded on first use by dynamic
 * import (src/crypto/nobleCurve25519.ts) so that browsers with the curves in WebCrypto never download it. Node always
 * has node:crypto, so only a fresh module graph with WebCrypto removed reaches that path.
 */
describe("the noble fallback for X25519 and Ed25519, loaded on first use", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  async function withoutPlatformCrypto() {
    vi.resetModules();
    // No `subtle`: both node:crypto (reached through WebCrypto's key imports) and WebCrypto fail their probes.
    vi.stubGlobal("crypto", { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    const { x25519, x25519PublicKey } = await import("../../src/crypto/x25519.ts");
    const { x25519Batch } = await import("../../src/crypto/x25519Batch.ts");
    const { ed25519PublicKey, ed25519Sign, ed25519Verify } = await import("../../src/crypto/ed25519.ts");
    const { webCryptoAvailable } = await import("../../src/crypto/webCrypto.ts");
    const { nodeCrypto } = await import("../../src/crypto/nodeCrypto.ts");
    return { x25519, x25519PublicKey, x25519Batch, ed25519PublicKey, ed25519Sign, ed25519Verify, webCryptoAvailable, nodeCrypto };
  }

  it("gives the RFC 7748 and RFC 8032 answers through the lazily loaded noble code", async () => {
    const crypto = await withoutPlatformCrypto();
    expect(await crypto.webCryptoAvailable()).toBe(false);
    expect(await crypto.nodeCrypto()).toBeNull();

    const [dh] = loadVectors<{ secretKey: string; publicKey: string; shared: string }>("primitives.json", "x25519");
    expect(await crypto.x25519(hex(dh!.secretKey), hex(dh!.publicKey))).toEqual(hex(dh!.shared));
    expect(await crypto.x25519Batch([hex(dh!.secretKey)], [hex(dh!.publicKey), new Uint8Array(32)])).toEqual([[hex(dh!.shared), null]]);
    const [pub] = loadVectors<{ secretKey: string; publicKey: string }>("primitives.json", "x25519PublicKey");
    expect(await crypto.x25519PublicKey(hex(pub!.secretKey))).toEqual(hex(pub!.publicKey));
    await expect(crypto.x25519(hex(dh!.secretKey), new Uint8Array(32))).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });

    const [sig] = loadVectors<{ seed: string; publicKey: string; message: string; signature: string }>("primitives.json", "ed25519");
    expect(await crypto.ed25519PublicKey(hex(sig!.seed))).toEqual(hex(sig!.publicKey));
    expect(await crypto.ed25519Sign(hex(sig!.seed), hex(sig!.message))).toEqual(hex(sig!.signature));
    expect(await crypto.ed25519Verify(hex(sig!.publicKey), hex(sig!.message), hex(sig!.signature))).toBe(true);
    const forged = hex(sig!.signature);
    forged[0]! ^= 1;
    expect(await crypto.ed25519Verify(hex(sig!.publicKey), hex(sig!.message), forged)).toBe(false);
  });
});
