import { MAX_FORWARD_JUMP, MAX_SKIPPED_KEYS } from "../constants.ts";
import { MessageKeyUnavailableError, TooFarAheadError } from "../errors/ratchetErrors.ts";
import type { ChainKdf } from "./chainKdf.ts";
import type { ReceivingChain, SkippedKey } from "./RatchetSession.ts";
import { advanceChain, releaseChainKeys, seekChain, walkChain } from "./skipChain.ts";
import { takeSkippedKey } from "./skippedKeys.ts";

export type ReachedKey = {
  messageKey: Uint8Array;
  /** The chain after the message (unchanged for a late message). */
  chain: ReceivingChain;
  /** The skipped keys without the one taken (unchanged for a new message: its gap is added after the body check). */
  skipped: readonly SkippedKey[];
  /** True when the key was derived here (the caller wipes it), false when it belongs to the stored skipped keys. */
  fresh: boolean;
};

/**
 * The key of message `index` of a receiving chain, in two steps so that an unauthenticated header can make the
 * receiver do only bounded work (issue 15). First this: a late message's stored key, or a new message's key
 * reached by seeking over the gap WITHOUT deriving the keys of the messages it skips (at most ~42 HMACs under
 * chain KDF 2, skipChain.ts). The caller then checks the body with the key, and only for an authentic message
 * derives the skipped keys with gapKeys. Pure: nothing given is modified.
 */
export function reachMessageKey(kdf: ChainKdf, skipped: readonly SkippedKey[], chain: ReceivingChain, index: number): ReachedKey {
  if (index < chain.index) {
    const taken = takeSkippedKey(skipped, chain.topic, index);
    if (!taken) throw new MessageKeyUnavailableError({ index });
    return { messageKey: taken.messageKey, chain, skipped: taken.skipped, fresh: false };
  }
  const jump = index - chain.index;
  if (jump > MAX_FORWARD_JUMP) throw new TooFarAheadError({ jump, max: MAX_FORWARD_JUMP });
  const at = jump > 0 ? seekChain(kdf, chain.chainKeys, chain.index, index) : chain.chainKeys;
  const step = advanceChain(kdf, at, index);
  if (at !== chain.chainKeys) releaseChainKeys(at, [...step.keys, ...chain.chainKeys]);
  return { messageKey: step.messageKey, chain: { ...chain, chainKeys: step.keys, index: index + 1 }, skipped, fresh: true };
}

/**
 * The keys of the messages that an authenticated message `index` skipped on `chain` (its state before the
 * message), to store for their late arrival: only the newest MAX_SKIPPED_KEYS, the most the store keeps, and the
 * older ones are skipped without being derived. Every intermediate chain key is wiped.
 */
export function gapKeys(kdf: ChainKdf, chain: ReceivingChain, index: number, now: number): SkippedKey[] {
  const from = Math.max(chain.index, index - MAX_SKIPPED_KEYS);
  if (from >= index) return [];
  const start = from > chain.index ? seekChain(kdf, chain.chainKeys, chain.index, from) : chain.chainKeys;
  const walked = walkChain(kdf, start, from, index);
  releaseChainKeys(walked.keys, chain.chainKeys);
  releaseChainKeys(start, chain.chainKeys);
  return walked.messageKeys.map((messageKey, i) => ({ topic: chain.topic, index: from + i, messageKey, storedAt: now }));
}
