import type { Hex } from "viem";
import { chainExpired } from "../ratchet/pruneSession.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";

/**
 * The inbound topic set of a session (DESIGN §2.5): the peer's current chain, its announced next chain, and its
 * previous chains whose late-message window is still open (newest first). A log is matched against them in that
 * order; the first message on `next` promotes it to `current` (done by `ratchetDecrypt`).
 */
export type InboundTopics = { current: Hex | null; next: Hex | null; previous: Hex[] };

export function inboundTopics(session: RatchetSession, at: { now?: number; block?: bigint } = {}): InboundTopics {
  const now = at.now ?? Math.floor(Date.now() / 1000);
  const [current, ...older] = session.receiving;
  return {
    current: current?.topic ?? null,
    next: session.next?.topic ?? null,
    previous: older.filter((chain) => !chainExpired(chain, now, at.block)).map((chain) => chain.topic),
  };
}

/** All inbound topics as one list (current, next, previous...), e.g. for a store index or a log filter. */
export function inboundTopicList(session: RatchetSession, at: { now?: number; block?: bigint } = {}): Hex[] {
  const { current, next, previous } = inboundTopics(session, at);
  return [current, next, ...previous].filter((topic): topic is Hex => topic !== null);
}
