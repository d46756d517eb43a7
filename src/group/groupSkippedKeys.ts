import type { Hex } from "viem";
import { MAX_SENDER_KEY_SKIPPED_KEYS, SKIPPED_KEY_TTL_SECONDS } from "../constants.ts";
import type { SkippedGroupKey } from "./SenderKey.ts";

/**
 * Skipped keys of one member's sender chains, oldest first. Beyond MAX_SENDER_KEY_SKIPPED_KEYS the oldest are
 * dropped: first the keys stored earliest, then (within one jump, appended in increasing order) the lowest
 * iterations — the messages least likely to still arrive.
 */
export function addSkippedGroupKeys(skipped: readonly SkippedGroupKey[], added: readonly SkippedGroupKey[]): SkippedGroupKey[] {
  const all = skipped.concat(added);
  return all.length > MAX_SENDER_KEY_SKIPPED_KEYS ? all.slice(all.length - MAX_SENDER_KEY_SKIPPED_KEYS) : all;
}

/** Removes and returns the key for (topic, iteration), or null when it is not stored. */
export function takeSkippedGroupKey(
  skipped: readonly SkippedGroupKey[],
  topic: Hex,
  iteration: number,
): { messageKey: Uint8Array; skipped: SkippedGroupKey[] } | null {
  const at = skipped.findIndex((key) => key.iteration === iteration && key.topic === topic);
  if (at < 0) return null;
  return { messageKey: skipped[at]!.messageKey, skipped: skipped.slice(0, at).concat(skipped.slice(at + 1)) };
}

/**
 * Drops keys past SKIPPED_KEY_TTL_SECONDS (a message that has not come in 30 days is not coming, and its key would
 * only weaken forward secrecy) and keys of states no longer held. Returns the input when nothing changes.
 */
export function pruneSkippedGroupKeys(skipped: readonly SkippedGroupKey[], now: number, liveTopics: ReadonlySet<Hex>): readonly SkippedGroupKey[] {
  const cutoff = now - SKIPPED_KEY_TTL_SECONDS;
  const kept = skipped.filter((key) => key.storedAt > cutoff && liveTopics.has(key.topic));
  return kept.length === skipped.length ? skipped : kept;
}
