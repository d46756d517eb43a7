import { aeadTagLength } from "../crypto/aead.ts";
import type { RandomSource } from "../crypto/random.ts";
import { GROUP_CONTROL_BATCH_MIN, MIN_PAD_BUCKET, PAD_JITTER_DIVISOR } from "../constants.ts";
import { MESSAGE_VERSION } from "../wire/messagePayload.ts";
import { bytesToHex, type Hex } from "viem";

/** version, ratchet key, one-byte counter, tag: a 1:1 payload's fixed parts (a longer counter comes out of the body). */
const overhead = 1 + 33 + aeadTagLength;

/**
 * How many cover messages a group control batch of `real` 1:1 messages gets (issue 18): up to GROUP_CONTROL_BATCH_MIN,
 * then up to the next power of two. Nothing for an empty batch (a plain group message).
 *
 * @example
 * coverCount(3); // 1: the batch carries 4 messages
 * coverCount(5); // 3: the batch carries 8
 */
export function coverCount(real: number): number {
  if (real === 0) return 0;
  return Math.max(GROUP_CONTROL_BATCH_MIN, 2 ** Math.ceil(Math.log2(real))) - real;
}

/**
 * Cover messages that look like the batch's real 1:1 messages to an observer: a fresh random 16-byte topic (as a new
 * sending chain's), a message version byte, then random bytes; the length is drawn like a real one (the bucket of one of
 * the batch's real payloads, chosen at random, plus a fresh padding jitter). Nobody listens on these topics, so receivers never see them
 * beyond the unfiltered live read, which drops unknown topics. Residual: a cover topic is never used again.
 *
 * @example
 * const calls = coverMessages(realPayloads, coverCount(realPayloads.length), ctx.random);
 */
export function coverMessages(real: readonly Uint8Array[], count: number, random: RandomSource): { topic: Hex; payload: Uint8Array }[] {
  const out: { topic: Hex; payload: Uint8Array }[] = [];
  for (let i = 0; i < count && real.length > 0; i++) {
    const draw = random(4);
    const model = real[((draw[0]! << 8) | draw[1]!) % real.length]!;
    // The model's body is bucket + jitter with jitter <= bucket / 8 (ratchet/padding.ts): its bucket is the power of
    // two at or below it (control messages stay far below the 4 KiB-step range).
    const bucket = Math.max(MIN_PAD_BUCKET, 2 ** Math.floor(Math.log2(Math.max(1, model.length - overhead))));
    const jitter = ((draw[2]! << 8) | draw[3]!) % (bucket / PAD_JITTER_DIVISOR + 1);
    const payload = random(overhead + bucket + jitter);
    payload[0] = MESSAGE_VERSION;
    out.push({ topic: `${bytesToHex(random(16))}${"0".repeat(32)}` as Hex, payload });
  }
  return out;
}
