import {
  MAX_CHAIN_INDEX,
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
 *
 * The message counter travels in the (encrypted) header as a uvarint of 1 to 5 bytes, so a header grows by a byte
 * at message 128 of a chain, 16,384, ... (issue 18: 82 vs 87 bytes told an observer that a sender was past message
 * 128 without a reply). `padPlaintext` therefore takes the counter and pads the header AND body together: the
 * bucket is chosen for the framed plaintext plus the longest counter's extra bytes, and the body gives back the
 * bytes this counter's header takes. The payload's length is then the same function of (plaintext, jitter) for
 * every counter: the counter never moves a bucket or a length. The format is unchanged (the receiver reads the
 * framed length and ignores the fill), so older clients read these bodies.
 */
export function paddedLength(framedLength: number): number {
  if (framedLength <= MIN_PAD_BUCKET) return MIN_PAD_BUCKET;
  if (framedLength <= PAD_DOUBLING_LIMIT) return 2 ** Math.ceil(Math.log2(framedLength));
  return Math.ceil(framedLength / PAD_LARGE_STEP) * PAD_LARGE_STEP;
}

/** The most bytes a counter's uvarint takes beyond the first (a u32 takes up to 5). */
export const COUNTER_EXTRA_MAX = uvarintLength(MAX_CHAIN_INDEX) - 1;

/**
 * The padded body for a message whose header carries `counter` as a uvarint (see above).
 *
 * @example
 * const body = padPlaintext(utf8("hi"), systemRandom, chain.index); // |header| + |body| independent of the index
 */
export function padPlaintext(plaintext: Uint8Array, random: RandomSource, counter = 0): Uint8Array {
  const framed = uvarintLength(plaintext.length) + plaintext.length;
  const extra = uvarintLength(counter) - 1;
  const bucket = paddedLength(framed + COUNTER_EXTRA_MAX);
  const maxJitter = bucket / PAD_JITTER_DIVISOR;
  const length = (jitter: number) => bucket + jitter - extra;
  // One draw for both: the jitter from the first two bytes, the fill from the rest (at most maxJitter unused).
  const noise = random(2 + length(maxJitter) - framed);
  const jitter = ((noise[0]! << 8) | noise[1]!) % (maxJitter + 1);
  // Written in place (not through ByteWriter): this runs for every message and its allocations showed up.
  const body = new Uint8Array(length(jitter));
  const start = writeUvarint(body, 0, plaintext.length);
  body.set(plaintext, start);
  body.set(noise.subarray(2, 2 + length(jitter) - framed), start + plaintext.length);
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
