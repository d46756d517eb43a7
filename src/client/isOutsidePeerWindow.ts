import type { Hex } from "viem";
import { MAX_RECEIVING_CHAINS, PREVIOUS_CHAIN_TTL_SECONDS, SKIPPED_KEY_TTL_SECONDS } from "../constants.ts";
import type { ConversationState } from "./ConversationState.ts";

/**
 * Whether a ciphertext we wrote on `topic`, `ageSeconds` ago, may no longer be readable by the peer, so that
 * broadcasting it now could land bytes nobody reads (issue 21's main loss).
 *
 * The peer keeps our chains as its receiving chains: the newest MAX_RECEIVING_CHAINS (ours may be one ahead, in
 * its `next`), each previous one only until PREVIOUS_CHAIN_TTL_SECONDS (and a block count) after we moved on, and
 * the key of a message it skipped only for SKIPPED_KEY_TTL_SECONDS. We cannot see the peer's state, so every
 * bound is taken on the safe side: "outside" may be said of a chain the peer still reads (the caller then
 * re-encrypts a message that would have been delivered anyway, burning one slot), never the other way round.
 *
 * @example
 * if (isOutsidePeerWindow(state, call.topic, (now - record.createdAt) / 1000)) reencrypt();
 */
export function isOutsidePeerWindow(state: ConversationState, topic: Hex, ageSeconds: number): boolean {
  const key = topic.toLowerCase();
  const current = state.ratchet.sending?.topic.toLowerCase();
  const history = (state.sentTopics ?? []).map((t) => t.toLowerCase());
  if (ageSeconds >= SKIPPED_KEY_TTL_SECONDS) return true;
  if (key === current || key === history[0]) return false;
  const generation = history.indexOf(key);
  // Unknown (older than the history, or a state written before it was kept): assume the worst.
  if (generation < 0 || generation >= MAX_RECEIVING_CHAINS) return true;
  return ageSeconds >= PREVIOUS_CHAIN_TTL_SECONDS;
}

/** The history after sending on `topic`: prepended when it starts a chain, capped to what the peer can keep. */
export function rememberSentTopic(state: ConversationState, topic: Hex): readonly Hex[] {
  const history = state.sentTopics ?? [];
  if (history[0]?.toLowerCase() === topic.toLowerCase()) return history;
  return [topic, ...history].slice(0, MAX_RECEIVING_CHAINS);
}
