import { concatBytes, hexToBytes, keccak256, type Address, type Hex } from "viem";
import { labels } from "../crypto/labels.ts";

/**
 * The public tag an interactive handshake to `recipient` is posted under: keccak256(label || address). Anyone
 * can compute it for a guessed address (the prekey handshake hides the recipient; this one does not).
 */
export function recipientTag(recipient: Address): Hex {
  return keccak256(concatBytes([labels.handshake.recipientTag, hexToBytes(recipient)]));
}
