import type { Address, Hex } from "viem";
import { GroupNotFoundError, NotGroupCreatorError, NotGroupMemberError } from "../errors/groupErrors.ts";
import type { GroupWork } from "./GroupWork.ts";
import type { GroupState, MembershipRecord } from "./Membership.ts";

export const sameAccount = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function isMember(membership: Pick<MembershipRecord, "members">, account: Address): boolean {
  return membership.members.some((m) => sameAccount(m, account));
}

/** The group's state, which we must still be a member of. */
export async function requireActiveGroup(work: GroupWork, groupId: Hex): Promise<GroupState> {
  const state = await work.group(groupId);
  if (!state) throw new GroupNotFoundError(groupId);
  if (state.left || !isMember(state.membership, work.ctx.account)) throw new NotGroupMemberError({ groupId, account: work.ctx.account });
  return state;
}

/** The group's state, for an operation only its creator may run. */
export async function requireCreator(work: GroupWork, groupId: Hex): Promise<GroupState> {
  const state = await requireActiveGroup(work, groupId);
  if (!sameAccount(state.membership.creator, work.ctx.account)) throw new NotGroupCreatorError({ groupId, account: work.ctx.account });
  return state;
}

/** The other members: everyone a distribution or a change goes to. */
export function otherMembers(state: GroupState, account: Address): Address[] {
  return state.membership.members.filter((m) => !sameAccount(m, account));
}
