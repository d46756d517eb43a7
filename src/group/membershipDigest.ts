import { hexToBytes } from "viem";
import { sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";
import { writeMembership } from "../wire/groupControlCodec.ts";
import type { MembershipRecord } from "./Membership.ts";

/**
 * 16 bytes committing to a whole membership record: SHA-256(label || group id || record as encoded on the wire),
 * truncated. A change carries the digest of the record it produces, so a member whose copy diverged (a lost or
 * corrupted change) refuses to apply it instead of silently keeping a different member list. 128 bits: only
 * accidental divergence is in question (the creator is trusted to send changes), not adversarial collisions.
 */
export function membershipDigest(record: MembershipRecord): Uint8Array {
  const w = new ByteWriter(64 + 20 * record.members.length).bytes(labels.group.membershipDigest).bytes(hexToBytes(record.groupId));
  writeMembership(w, record);
  return sha256(w.finish()).slice(0, 16);
}
