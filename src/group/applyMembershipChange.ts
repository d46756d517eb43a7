import type { Address } from "viem";
import { MAX_GROUP_MEMBERS } from "../constants.ts";
import { constantTimeEqual } from "../crypto/bytes.ts";
import { GroupLimitError, InvalidMembershipChangeError, MembershipDivergedError } from "../errors/groupErrors.ts";
import { sortAddresses } from "../wire/addressList.ts";
import type { MembershipChange, MembershipRecord } from "./Membership.ts";
import { membershipDigest } from "./membershipDigest.ts";

/**
 * The record after adding and removing members (epoch + 1). Refuses a change that does not fit the current
 * members: adding a member twice, removing a non-member or the creator, or both adding and removing one account.
 */
export function changeMembership(
  record: MembershipRecord,
  { add = [], remove = [] }: { add?: readonly Address[]; remove?: readonly Address[] },
): { record: MembershipRecord; change: MembershipChange } {
  const added = sortAddresses(add);
  const removed = sortAddresses(remove);
  if (added.length + removed.length === 0) throw new InvalidMembershipChangeError("nothing to add or remove");
  const current = new Set(record.members.map((m) => m.toLowerCase()));
  for (const account of added) {
    if (current.has(account.toLowerCase())) throw new InvalidMembershipChangeError(`${account} is already a member`);
  }
  for (const account of removed) {
    if (!current.has(account.toLowerCase())) throw new InvalidMembershipChangeError(`${account} is not a member`);
    if (account.toLowerCase() === record.creator.toLowerCase()) throw new InvalidMembershipChangeError("the creator cannot be removed");
  }
  const gone = new Set(removed.map((m) => m.toLowerCase()));
  const members = sortAddresses([...record.members.filter((m) => !gone.has(m.toLowerCase())), ...added]);
  if (members.length > MAX_GROUP_MEMBERS) throw new GroupLimitError({ what: "group members", size: members.length, max: MAX_GROUP_MEMBERS });
  const next = { ...record, epoch: record.epoch + 1, members };
  return { record: next, change: { epoch: next.epoch, added, removed, digest: membershipDigest(next) } };
}

/** A member applies the creator's change to its copy: same rules, and the result must match the creator's digest. */
export function applyMembershipChange(record: MembershipRecord, change: MembershipChange): MembershipRecord {
  if (change.epoch !== record.epoch + 1) throw new InvalidMembershipChangeError(`epoch ${change.epoch} does not follow ${record.epoch}`);
  const { record: next } = changeMembership(record, { add: change.added, remove: change.removed });
  if (!constantTimeEqual(membershipDigest(next), change.digest)) {
    throw new MembershipDivergedError({ groupId: record.groupId, epoch: change.epoch });
  }
  return next;
}
