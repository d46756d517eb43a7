import { bytesToHex, concatBytes, hexToBytes, type Address, type Hex } from "viem";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * A sender chain's public-facing seeds, from its random 32-byte chain secret:
 *
 *   HKDF-SHA256(ikm = chainSecret, salt = groupId (16) || owner account (20), info = "hushlog/v1/group/chain", L = 48)
 *     = topic (16) || headerKey (32)
 *
 * - topic: where every message of the chain is posted (left-aligned in the bytes32 log topic, like 1:1 topics),
 *   and the chain's id. A new chain secret (every rotation) gives a new, unlinkable topic.
 * - headerKey: hides each message's iteration from observers.
 *
 * The chain secret, not the chain key, is the input: members who join later get the chain key at a later
 * iteration, but every member must derive the same topic and header key. The owner's account in the salt binds
 * the chain to its owner: a member who re-sends another member's chain material as its own gets a different
 * topic, so it can neither claim that member's messages nor divert them.
 */
export function deriveSenderChainSeeds(chainSecret: Uint8Array, groupId: Hex, owner: Address): { topic: Hex; headerKey: Uint8Array } {
  const okm = hkdfSha256(chainSecret, concatBytes([hexToBytes(groupId), hexToBytes(owner)]), labels.group.chain, 48);
  const topic = new Uint8Array(32);
  topic.set(okm.subarray(0, 16));
  const seeds = { topic: bytesToHex(topic), headerKey: okm.slice(16, 48) };
  okm.fill(0);
  return seeds;
}
