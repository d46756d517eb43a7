import { concatBytes, hexToBytes, keccak256, slice, type Address, type Hex } from "viem";
import { labels } from "../crypto/labels.ts";

/**
 * A group's id from its creator and 16 random bytes: the first 16 bytes of keccak256(label || creator || salt).
 * Members check it when a group is first announced to them, so nobody but the creator can make a group under an
 * id, and a member who learnt an id cannot announce "its" group under that id to someone the creator will invite
 * (squatting). Finding another (creator, salt) for an id is a 128-bit preimage.
 *
 * @example
 * const groupId = deriveGroupId(creator, bytesToHex(systemRandom(16)));
 */
export function deriveGroupId(creator: Address, salt: Hex): Hex {
  return slice(keccak256(concatBytes([labels.group.id, hexToBytes(creator), hexToBytes(salt)])), 0, 16);
}
