import type { Hex } from "viem";
import { constantTimeEqual } from "../crypto/bytes.ts";
import { openHeader } from "./messageCrypto.ts";
import type { RatchetPosition } from "./ratchetDecrypt.ts";
import type { RatchetSession } from "./RatchetSession.ts";

/**
 * Where a payload sits in an established receiving chain, read from its header alone, without touching any key.
 * For a message whose key was already used (a re-delivered log, a block re-included after a reorg, a sender's
 * re-broadcast), this finds the message it duplicates. The header is not authenticated here: use the result only
 * to look up what was already decrypted, never to accept anything new. Null when it cannot tell.
 */
export function peekPosition(session: RatchetSession, payload: Uint8Array, topic: Hex): RatchetPosition | null {
  const chain = session.receiving.find((c) => c.topic === topic.toLowerCase());
  if (!chain) return null;
  try {
    const opened = openHeader(payload, chain.headerKey);
    return constantTimeEqual(opened.ratchetKey, chain.ratchetKey) ? { topic: chain.topic, index: opened.index } : null;
  } catch {
    return null;
  }
}
