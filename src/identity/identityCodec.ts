/**
 * Storage and export format of an `Identity` (secret: keep it encrypted at rest, wipe buffers after use).
 *
 * Version 1, always 213 bytes:
 *
 * | offset | size | field                                   |
 * |-------:|-----:|-----------------------------------------|
 * |      0 |    1 | version = 0x01                          |
 * |      1 |   20 | account                                 |
 * |     21 |   32 | X25519 identity secret key              |
 * |     53 |   32 | X25519 identity public key              |
 * |     85 |   32 | Ed25519 seed                            |
 * |    117 |   32 | Ed25519 public key                      |
 * |    149 |   64 | ML-KEM-768 key seed (d || z)            |
 *
 * The public keys are stored, not recomputed, so decoding is synchronous (the crypto wrappers that derive them
 * are async). Their match with the secrets is not re-checked here: records come from our encoder through an
 * authenticated store (SQLCipher / AEAD), and a mismatch can only break the user's own handshakes.
 */
import { bytesToHex, hexToBytes, zeroAddress, type Address } from "viem";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../errors/wireErrors.ts";
import { createIdentity } from "./createIdentity.ts";
import type { Identity } from "./Identity.ts";

export const IDENTITY_FORMAT_VERSION = 1;
const format = "identity";
const size = 213;
const fields = [
  ["account", 20],
  ["x25519SecretKey", 32],
  ["x25519PublicKey", 32],
  ["ed25519Seed", 32],
  ["ed25519PublicKey", 32],
  ["mlKemSeed", 64],
] as const;

/** The identity in the versioned binary form above. The result holds secrets: wipe it when stored. */
export function encodeIdentity(identity: Identity): Uint8Array {
  const out = new Uint8Array(size);
  out[0] = IDENTITY_FORMAT_VERSION;
  const parts = [
    hexToBytes(identity.account),
    identity.x25519.secretKey,
    identity.x25519.publicKey,
    identity.ed25519.seed,
    identity.ed25519.publicKey,
    identity.mlKemSeed,
  ];
  let offset = 1;
  fields.forEach(([name, length], i) => {
    const part = parts[i]!;
    if (part.length !== length) {
      out.fill(0);
      throw new InvalidFieldError({ format, field: name, reason: `must be ${length} bytes` });
    }
    out.set(part, offset);
    offset += length;
  });
  return out;
}

/** Parses `encodeIdentity` output. Copies the secrets out of `bytes`, which the caller may then wipe. */
export function decodeIdentity(bytes: Uint8Array): Identity {
  if (bytes.length < 1) throw new TruncatedPayloadError({ format, needed: 1, available: 0 });
  if (bytes[0] !== IDENTITY_FORMAT_VERSION) throw new UnknownVersionError({ format, version: bytes[0]! });
  if (bytes.length < size) throw new TruncatedPayloadError({ format, needed: size, available: bytes.length });
  if (bytes.length > size) throw new TrailingBytesError({ format, extra: bytes.length - size });

  const parts: Uint8Array[] = [];
  let offset = 1;
  for (const [, length] of fields) {
    parts.push(bytes.slice(offset, offset + length));
    offset += length;
  }
  const [account, x25519Secret, x25519Public, ed25519Seed, ed25519Public, mlKemSeed] = parts as [
    Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array,
  ];
  const address = bytesToHex(account) as Address;
  if (address === zeroAddress) {
    parts.forEach((part) => part.fill(0));
    throw new InvalidFieldError({ format, field: "account", reason: "zero address" });
  }
  return createIdentity({
    account: address,
    x25519: { secretKey: x25519Secret, publicKey: x25519Public },
    ed25519: { seed: ed25519Seed, publicKey: ed25519Public },
    mlKemSeed,
  });
}
