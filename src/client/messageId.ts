import { concatBytes, hexToBytes, keccak256, numberToBytes, type Hex } from "viem";

/**
 * A message's id from its place in the ratchet: (conversation, chain topic, index) is unique per message and the
 * same on both sides, whichever transaction, block or log index carries it. So a re-delivered log (backfill and
 * live, a reorged block re-included, a sender's re-broadcast) maps to the record it already has.
 */
export function messageId(conversationId: Hex, chainTopic: Hex, index: number): Hex {
  return keccak256(concatBytes([hexToBytes(conversationId), hexToBytes(chainTopic), numberToBytes(index, { size: 4 })]));
}
