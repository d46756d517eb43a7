import { chacha20 } from "@noble/ciphers/chacha.js";
import { randomBytes as nobleRandomBytes } from "@noble/hashes/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { MAX_POOLED_RANDOM_DRAW, RANDOM_POOL_BYTES } from "../constants.ts";

/**
 * A source of random bytes. Every function that needs randomness takes one (defaulting to the platform CSPRNG),
 * so tests and golden vectors are reproducible.
 */
export type RandomSource = (length: number) => Uint8Array;

/**
 * The platform CSPRNG (`crypto.getRandomValues`), one call per draw: every key, long-term or per handshake, comes
 * from here, so no buffer in memory holds the randomness of keys not made yet.
 */
export const systemRandom: RandomSource = (length) => nobleRandomBytes(length);

/**
 * The platform CSPRNG through a pool filled in one call (see RANDOM_POOL_BYTES), for the hot path's non-key
 * randomness only: padding length and fill, drawn for every message. Served bytes are zeroed in the pool. A memory
 * snapshot could reveal the padding of messages not sent yet, which protects nothing secret (the padded body is
 * encrypted, its length public).
 */
export const paddingRandom: RandomSource = (length) => {
  if (length > MAX_POOLED_RANDOM_DRAW) return nobleRandomBytes(length);
  if (poolOffset + length > pool.length) {
    pool.fill(0);
    pool = nobleRandomBytes(RANDOM_POOL_BYTES);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + length);
  pool.fill(0, poolOffset, (poolOffset += length));
  return out;
};
let pool = new Uint8Array(0);
let poolOffset = 0;

/**
 * A deterministic random source for tests, vectors and benchmarks: the ChaCha20 keystream under
 * SHA-256(seed). Never use it for real keys.
 */
export function createSeededRandom(seed: string | Uint8Array): RandomSource {
  const key = sha256(typeof seed === "string" ? new TextEncoder().encode(seed) : seed);
  const nonce = new Uint8Array(12);
  let counter = 0;
  let buffer = new Uint8Array(0);
  let offset = 0;
  return (length) => {
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      if (offset === buffer.length) {
        buffer = chacha20(key, nonce, new Uint8Array(4096), undefined, counter);
        counter += 64;
        offset = 0;
      }
      const take = Math.min(length - written, buffer.length - offset);
      out.set(buffer.subarray(offset, offset + take), written);
      written += take;
      offset += take;
    }
    return out;
  };
}
