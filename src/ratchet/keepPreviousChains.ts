import { MAX_RECEIVING_CHAINS, PREVIOUS_CHAIN_TTL_BLOCKS, PREVIOUS_CHAIN_TTL_SECONDS } from "../constants.ts";
import { constantTimeEqual } from "../crypto/bytes.ts";
import type { RatchetSession } from "./RatchetSession.ts";

/**
 * A session that replaces another with the same peer device (it re-keyed, e.g. after restoring a backup) keeps the
 * old session's receiving chains as previous chains: messages the peer's other copy had already sent on them, or
 * sends before it learns of the new session, are still read until the usual late-message window closes. Nothing
 * is sent on them, and the old root key is not kept. Chains of another chain KDF or deployment are not kept (their
 * keys would not derive here). The new session's own chains come first; at most MAX_RECEIVING_CHAINS in all.
 */
export function keepPreviousChains(next: RatchetSession, previous: RatchetSession, at: { now: number; block: bigint | null }): RatchetSession {
  if (next.chainKdf !== previous.chainKdf || !constantTimeEqual(next.context, previous.context)) return next;
  const expiresAt = { time: at.now + PREVIOUS_CHAIN_TTL_SECONDS, block: at.block === null ? null : at.block + PREVIOUS_CHAIN_TTL_BLOCKS };
  const own = new Set(next.receiving.map((c) => c.topic));
  const kept = previous.receiving.filter((c) => !own.has(c.topic)).map((c) => (c.expiresAt ? c : { ...c, expiresAt }));
  const receiving = [...next.receiving, ...kept].slice(0, MAX_RECEIVING_CHAINS);
  const live = new Set(receiving.map((c) => c.topic));
  return { ...next, receiving, skipped: [...next.skipped, ...previous.skipped.filter((k) => live.has(k.topic))] };
}
