import type { Hex } from "viem";
import type { ReceivingChain, RatchetSession } from "./RatchetSession.ts";
import { pruneSkippedKeys } from "./skippedKeys.ts";

/** Whether a previous chain's late-message window has closed: both its time and its block bound passed. */
export function chainExpired(chain: ReceivingChain, now: number, block: bigint | undefined): boolean {
  if (!chain.expiresAt || now < chain.expiresAt.time) return false;
  if (chain.expiresAt.block === null) return true;
  return block !== undefined && block >= chain.expiresAt.block;
}

/** Drops expired previous chains and the skipped keys that are past their TTL or belong to dropped chains. */
export function pruneSession(session: RatchetSession, now: number, block: bigint | undefined): RatchetSession {
  // The common case on the hot path: no previous chain and no skipped key, nothing that could expire.
  if (session.skipped.length === 0 && session.receiving.every((chain) => chain.expiresAt === null)) return session;
  const receiving = session.receiving.filter((chain) => !chainExpired(chain, now, block));
  const live = new Set<Hex>(receiving.map((chain) => chain.topic));
  const skipped = pruneSkippedKeys(session.skipped, now, live);
  if (receiving.length === session.receiving.length && skipped === session.skipped) return session;
  return { ...session, receiving, skipped };
}
