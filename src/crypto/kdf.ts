import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** HKDF-SHA256 (RFC 5869). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array | undefined, info: Uint8Array, length: number): Uint8Array {
  return hkdf(nobleSha256, ikm, salt, info, length);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, data);
}

/**
 * Both outputs of a symmetric-ratchet step, HMAC-SHA256(ck, 0x01) and HMAC-SHA256(ck, 0x02), with the keyed
 * HMAC state computed once and cloned: 6 SHA-256 compressions instead of 8, on the per-message hot path.
 */
export function hmacSha256Pair(key: Uint8Array): [Uint8Array, Uint8Array] {
  const keyed = hmac.create(nobleSha256, key);
  const second = keyed.clone();
  return [keyed.update(one).digest(), second.update(two).digest()];
}
const one = Uint8Array.of(1);
const two = Uint8Array.of(2);

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
