import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bytesToHex, hexToBytes } from "viem";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { x25519KeyPair } from "../../src/crypto/x25519.ts";
import { openSealedHandshakes, sealHandshake } from "../../src/handshake/sealHandshake.ts";
import { SEALED_HANDSHAKE_HEADER_LENGTH, SEALED_HANDSHAKE_VERSION, splitSealedHandshake } from "../../src/wire/sealedHandshakePayload.ts";

const vectorFile = fileURLToPath(new URL("../vectors/sealed-handshake-v3.json", import.meta.url));

describe("sealed (hidden-recipient) interactive handshakes (issue 18)", () => {
  it("only the recipient opens it; others dismiss it; the clear part is a version, a fresh key and a view tag", async () => {
    const random = createSeededRandom("sealed");
    const bob = await x25519KeyPair(random);
    const carol = await x25519KeyPair(random);
    const payload = random(1450);
    const sealed = await sealHandshake(payload, bob.publicKey, random);
    expect(sealed.length).toBe(payload.length + SEALED_HANDSHAKE_HEADER_LENGTH + 16);
    expect(sealed[0]).toBe(SEALED_HANDSHAKE_VERSION);
    const logs = [{ id: 1, payload: sealed }];
    expect(await openSealedHandshakes(logs, bob.secretKey)).toEqual([{ id: 1, payload }]);
    expect(await openSealedHandshakes(logs, carol.secretKey)).toEqual([]);
    // Two handshakes to the same recipient share no bytes an observer could group them by.
    const again = await sealHandshake(payload, bob.publicKey, random);
    expect(bytesToHex(again.subarray(1, 33))).not.toBe(bytesToHex(sealed.subarray(1, 33)));
  });

  it("tampered, truncated, foreign-version and small-order envelopes are foreign logs, never errors", async () => {
    const random = createSeededRandom("sealed junk");
    const bob = await x25519KeyPair(random);
    const sealed = await sealHandshake(random(100), bob.publicKey, random);
    const flipped = sealed.slice();
    flipped[sealed.length - 1]! ^= 1;
    const otherVersion = sealed.slice();
    otherVersion[0] = 0x02;
    const smallOrder = sealed.slice();
    smallOrder.fill(0, 1, 33);
    const junk = [flipped, sealed.subarray(0, 40), otherVersion, smallOrder, new Uint8Array(0)].map((payload, id) => ({ id, payload }));
    expect(await openSealedHandshakes(junk, bob.secretKey)).toEqual([]);
    expect(() => splitSealedHandshake(otherVersion)).toThrow(expect.objectContaining({ code: "WIRE_UNKNOWN_VERSION" }));
  });

  it("matches its frozen vector (format v3)", async () => {
    const random = createSeededRandom("sealed vector");
    const bob = await x25519KeyPair(random);
    const payload = new TextEncoder().encode("a handshake payload (handshakePayload v2 in real use)");
    const computed = { recipientSecret: bytesToHex(bob.secretKey), payload: bytesToHex(payload), sealed: bytesToHex(await sealHandshake(payload, bob.publicKey, random)) };
    const frozen = JSON.parse(readFileSync(vectorFile, "utf8"));
    expect(computed).toEqual(frozen);
    expect(await openSealedHandshakes([{ payload: hexToBytes(frozen.sealed) }], hexToBytes(frozen.recipientSecret))).toEqual([{ payload }]);
  });
});
