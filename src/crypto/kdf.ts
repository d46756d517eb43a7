import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256, sha512 as nobleSha512 } from "@noble/hashes/sha2.js";

export function sha512(data: Uint8Array): Uint8Array {
  return nobleSha512(data);
}

/** HKDF-SHA256 (RFC 5869). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array | undefined, info: Uint8Array, length: number): Uint8Array {
  return hkdf(nobleSha256, ikm, salt, info, length);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, data);
}

/**
 * Two HMACs under one key, HMAC-SHA256(key, first) and HMAC-SHA256(key, second) — by default Signal's chain step
 * (0x01, 0x02) — on the per-message hot path: the keyed HMAC state is computed once and cloned (6 SHA-256
 * compressions instead of 8 for short messages), the clone goes into one reused instance and both digests into one
 * reused buffer. Measured here: 18.4 -> 13.6 us per step; the difference is V8 allocating and materialising small
 * arrays, not hashing. Nothing secret stays behind: a digest destroys (zeroes) its instance, and the buffer is
 * zeroed once read. Synchronous, so never used concurrently.
 */
export function hmacSha256Pair(key: Uint8Array, first: Uint8Array = one, second: Uint8Array = two): [Uint8Array, Uint8Array] {
  const keyed = hmac.create(nobleSha256, key);
  const other = keyed._cloneInto(spareHmac);
  keyed.update(first).digestInto(pairOutput.subarray(0, 32));
  other.update(second).digestInto(pairOutput.subarray(32, 64));
  const outputs: [Uint8Array, Uint8Array] = [pairOutput.slice(0, 32), pairOutput.slice(32, 64)];
  pairOutput.fill(0);
  return outputs;
}
const one = Uint8Array.of(1);
const two = Uint8Array.of(2);
const spareHmac = hmac.create(nobleSha256, new Uint8Array(32));
const pairOutput = new Uint8Array(64);

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
