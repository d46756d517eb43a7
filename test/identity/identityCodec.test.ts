import fc from "fast-check";
import { bytesToHex, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../../src/errors/wireErrors.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import { decodeIdentity, encodeIdentity } from "../../src/identity/identityCodec.ts";

const alice = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

const plain = (identity: Identity) => ({
  account: identity.account,
  x25519: [bytesToHex(identity.x25519.secretKey), bytesToHex(identity.x25519.publicKey)],
  ed25519: [bytesToHex(identity.ed25519.seed), bytesToHex(identity.ed25519.publicKey)],
  mlKemSeed: bytesToHex(identity.mlKemSeed),
});

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const arbitraryIdentity = fc
  .record({
    account: bytes(20).filter((a) => a.some((b) => b !== 0)),
    x25519Secret: bytes(32),
    x25519Public: bytes(32),
    ed25519Seed: bytes(32),
    ed25519Public: bytes(32),
    mlKemSeed: bytes(64),
  })
  .map((f) =>
    createIdentity({
      account: bytesToHex(f.account) as Address,
      x25519: { secretKey: f.x25519Secret, publicKey: f.x25519Public },
      ed25519: { seed: f.ed25519Seed, publicKey: f.ed25519Public },
      mlKemSeed: f.mlKemSeed,
    }),
  );

describe("identity codec", () => {
  it("round-trips a derived identity in 213 bytes, version byte first", async () => {
    const identity = await deriveIdentity({ account: alice.address, signMessage: alice.signMessage });
    const encoded = encodeIdentity(identity);
    expect(encoded).toHaveLength(213);
    expect(encoded[0]).toBe(1);
    const decoded = decodeIdentity(encoded);
    expect(plain(decoded)).toEqual(plain(identity));
    // The decoded identity owns copies: wiping the stored record does not touch it.
    encoded.fill(0);
    expect(plain(decoded)).toEqual(plain(identity));
    expect(JSON.stringify(decoded)).not.toContain(bytesToHex(identity.mlKemSeed).slice(2));
  });

  it("round-trips any identity (property)", () => {
    fc.assert(
      fc.property(arbitraryIdentity, (identity) => {
        expect(plain(decodeIdentity(encodeIdentity(identity)))).toEqual(plain(identity));
      }),
      { numRuns: 200 },
    );
  });

  it("rejects truncated, extended, unknown-version and zero-account records with typed errors", async () => {
    const encoded = encodeIdentity(await deriveIdentity({ account: alice.address, signMessage: alice.signMessage }));
    for (let length = 0; length < encoded.length; length++) {
      expect(() => decodeIdentity(encoded.slice(0, length))).toThrow(TruncatedPayloadError);
    }
    expect(() => decodeIdentity(Uint8Array.of(...encoded, 0))).toThrow(TrailingBytesError);
    for (const version of [0, 2, 0xff]) {
      const other = encoded.slice();
      other[0] = version;
      expect(() => decodeIdentity(other)).toThrow(UnknownVersionError);
    }
    const zeroAccount = encoded.slice();
    zeroAccount.fill(0, 1, 21);
    expect(() => decodeIdentity(zeroAccount)).toThrow(InvalidFieldError);
  });
});
