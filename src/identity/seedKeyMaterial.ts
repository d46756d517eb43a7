import { hexToBytes, isHex, type Hex } from "viem";
import { MIN_SEED_SIGNATURE_BYTES } from "../constants.ts";
import { InvalidSeedSignatureError } from "../errors/identityErrors.ts";

/** secp256k1 group order. */
const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const toBigInt = (bytes: Uint8Array) => bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

/**
 * Turns the wallet's seed signature into HKDF input key material, canonical for ECDSA so every wallet that holds
 * the same key gives the same bytes:
 * - 65-byte `r || s || v` with v in {0, 1, 27, 28}: v becomes 27/28 (some hardware wallets answer 0/1), and a
 *   high s becomes n - s with v flipped (ECDSA accepts both; wallets differ in which they emit).
 *   r or s out of [1, n-1] means the bytes are not a signature but a marker (a Safe "approved hash" is
 *   r = owner, s = 0): its bytes are public, so it is refused.
 * - Anything else (65 bytes with another v, e.g. Safe's eth_sign flavour; ERC-1271 / ERC-6492 / WebAuthn bytes)
 *   is used as it is. Such signers may not sign deterministically, so identities made this way must be stored
 *   and exported, not re-derived.
 *
 * Returns a fresh buffer the caller wipes.
 */
export function seedKeyMaterial(signature: Hex): Uint8Array {
  if (typeof signature !== "string" || !isHex(signature, { strict: true })) {
    throw new InvalidSeedSignatureError("not a hex string");
  }
  if ((signature.length - 2) % 2 !== 0) throw new InvalidSeedSignatureError("odd hex length");
  const bytes = hexToBytes(signature);
  if (bytes.length < MIN_SEED_SIGNATURE_BYTES) {
    bytes.fill(0);
    throw new InvalidSeedSignatureError(`${bytes.length} bytes is too short to be secret`);
  }
  if (bytes.length !== 65) return bytes;

  let v = bytes[64]!;
  if (v === 0 || v === 1) v += 27;
  if (v !== 27 && v !== 28) return bytes;

  const r = toBigInt(bytes.subarray(0, 32));
  const s = toBigInt(bytes.subarray(32, 64));
  if (r === 0n || r >= n || s === 0n || s >= n) {
    bytes.fill(0);
    throw new InvalidSeedSignatureError("65 bytes that are not an ECDSA signature");
  }
  if (s > n / 2n) {
    let low = n - s;
    for (let i = 63; i >= 32; i--) {
      bytes[i] = Number(low & 0xffn);
      low >>= 8n;
    }
    v = v === 27 ? 28 : 27;
  }
  bytes[64] = v;
  return bytes;
}
