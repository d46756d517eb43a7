import { bytesToHex, type Hex } from "viem";
import { sha256 } from "../crypto/kdf.ts";

const encoder = new TextEncoder();

/**
 * A message's id from its place in the ratchet: (conversation, chain topic, index) is unique per message and the
 * same on both sides, whichever transaction, block or log index carries it. So a re-delivered log (backfill and
 * live, a reorged block re-included, a sender's re-broadcast) maps to the record it already has. A local id,
 * never on chain: SHA-256 of the three values as text (cheaper than keccak on the receive path).
 */
export function messageId(conversationId: Hex, chainTopic: Hex, index: number): Hex {
  return bytesToHex(sha256(encoder.encode(`${conversationId.toLowerCase()}/${chainTopic.toLowerCase()}/${index}`)));
}
