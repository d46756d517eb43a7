import type { Hex } from "viem";
import { MAX_SKIPPED_KEYS, SKIPPED_KEY_TTL_SECONDS } from "../constants.ts";
import type { SkippedKey } from "./RatchetSession.ts";

/**
 * Skipped message keys, oldest first. Adding beyond MAX_SKIPPED_KEYS drops from the front: first the keys
 * stored earliest, then (within one jump, which is appended in increasing order) the lowest message numbers —
 * the messages least likely to still arrive. (Verbeth's pruning kept the lowest numbers: the wrong end.)
 */
export function addSkippedKeys(skipped: readonly SkippedKey[], added: readonly SkippedKey[]): SkippedKey[] {
  const all = skipped.concat(added);
  return all.length > MAX_SKIPPED_KEYS ? all.slice(all.length - MAX_SKIPPED_KEYS) : all;
}

/** Removes and returns the key for (topic, index), or null when it is not stored. */
export function takeSkippedKey(
  skipped: readonly SkippedKey[],
  topic: Hex,
  index: number,
): { messageKey: Uint8Array; skipped: SkippedKey[] } | null {
  const at = skipped.findIndex((key) => key.index === index && key.topic === topic);
  if (at < 0) return null;
  return { messageKey: skipped[at]!.messageKey, skipped: skipped.slice(0, at).concat(skipped.slice(at + 1)) };
}

/** Drops keys past their TTL and keys of chains the session no longer has. Returns the input when unchanged. */
export function pruneSkippedKeys(skipped: readonly SkippedKey[], now: number, liveTopics: ReadonlySet<Hex>): readonly SkippedKey[] {
  const cutoff = now - SKIPPED_KEY_TTL_SECONDS;
  const kept = skipped.filter((key) => key.storedAt > cutoff && liveTopics.has(key.topic));
  return kept.length === skipped.length ? skipped : kept;
}
