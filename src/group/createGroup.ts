import { bytesToHex, type Address, type Hex } from "viem";
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_BYTES, MAX_GROUPS } from "../constants.ts";
import { GroupLimitError, InvalidMembershipChangeError } from "../errors/groupErrors.ts";
import { sortAddresses } from "../wire/addressList.ts";
import { buildOutbox } from "./buildOutbox.ts";
import { createOwnSenderKey } from "./createOwnSenderKey.ts";
import { deriveGroupId } from "./deriveGroupId.ts";
import { sameAccount } from "./groupGuards.ts";
import type { GroupOutbox } from "./GroupOutbox.ts";
import type { GroupWork } from "./GroupWork.ts";
import type { MembershipRecord } from "./Membership.ts";

export type CreateGroupResult = { groupId: Hex; membership: MembershipRecord; outbox: GroupOutbox };

/**
 * A new group with us as creator (and its only admin), epoch 1. The outbox gives every member the full record and
 * our sender key in one 1:1 message each; members make their own sender keys when they first send.
 */
export async function createGroup(work: GroupWork, { name = "", members }: { name?: string; members: readonly Address[] }): Promise<CreateGroupResult> {
  const { account, random } = work.ctx;
  if (new TextEncoder().encode(name).length > MAX_GROUP_NAME_BYTES) {
    throw new GroupLimitError({ what: "bytes in the group name", size: new TextEncoder().encode(name).length, max: MAX_GROUP_NAME_BYTES });
  }
  const others = sortAddresses(members).filter((m) => !sameAccount(m, account));
  if (others.length === 0) throw new InvalidMembershipChangeError("a group needs at least one other member");
  if (others.length + 1 > MAX_GROUP_MEMBERS) throw new GroupLimitError({ what: "group members", size: others.length + 1, max: MAX_GROUP_MEMBERS });
  const ids = await work.groupIds();
  if (ids.length >= MAX_GROUPS) throw new GroupLimitError({ what: "groups", size: ids.length + 1, max: MAX_GROUPS });

  const salt = bytesToHex(random(16));
  const groupId = deriveGroupId(account, salt);
  const membership: MembershipRecord = { groupId, epoch: 1, creator: account, salt, name, members: sortAddresses([account, ...others]) };
  const own = await createOwnSenderKey(groupId, account, others, random);
  await work.group(groupId);
  await work.ownKey(groupId);
  work.setGroup({ membership, left: false, held: [], chains: [] });
  work.setOwnKey(groupId, own);
  work.setGroupIds([...ids, groupId]);
  work.clearHolders(groupId);
  const { groupId: _, ...record } = membership;
  const outbox = buildOutbox({ groupId, own, recipients: others, distributeTo: others, parts: () => ({ membership: record }) });
  return { groupId, membership, outbox };
}
