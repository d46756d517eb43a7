import {
  MIN_PAD_BUCKET,
  PAD_DOUBLING_LIMIT,
  PAD_JITTER_DIVISOR,
  PAD_LARGE_STEP,
} from "../constants.ts";
import type { RandomSource } from "../crypto/random.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { uvarintLength, writeUvarint } from "../wire/ByteWriter.ts";

/**
 * Message bodies are padded before encryption so that on chain only a bucket is visible, not the length:
 *
 *   body = uvarint(plaintext length) || plaintext || random fill
 *   |body| = bucket(framed length) + jitter,  jitter uniform in [0, bucket / 8]
 *
 * Buckets: 32, 64, 128, ... 16 KiB, then every 4 KiB. The fill is random rather than zero so the padded
 * plaintext has no structure even to an attacker who someday breaks the cipher.
 */
export function paddedLength(framedLength: number): number {
  if (framedLength <= MIN_PAD_BUCKET) return MIN_PAD_BUCKET;
  if (framedLength <= PAD_DOUBLING_LIMIT) return 2 ** Math.ceil(Math.log2(framedLength));
  return Math.ceil(framedLength / PAD_LARGE_STEP) * PAD_LARGE_STEP;
}

export function padPlaintext(plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const framed = uvarintLength(plaintext.length) + plaintext.length;
  const bucket = paddedLength(framed);
  const maxJitter = bucket / PAD_JITTER_DIVISOR;
  // One draw for both: the jitter from the first two bytes, the fill from the rest (at most maxJitter unused).
  const noise = random(2 + bucket + maxJitter - framed);
  const jitter = ((noise[0]! << 8) | noise[1]!) % (maxJitter + 1);
  // Written in place (not through ByteWriter): this runs for every message and its allocations showed up.
  const body = new Uint8Array(bucket + jitter);
  const start = writeUvarint(body, 0, plaintext.length);
  body.set(plaintext, start);
  body.set(noise.subarray(2, 2 + bucket + jitter - framed), start + plaintext.length);
  noise.fill(0);
  return body;
}

export function unpadPlaintext(body: Uint8Array): Uint8Array {
  const reader = new ByteReader("message body", body);
  const length = reader.uvarint("plaintext length");
  if (length > reader.remaining) {
    throw new InvalidFieldError({ format: "message body", field: "plaintext length", reason: "longer than the body" });
  }
  return reader.bytesCopy(length);
}
