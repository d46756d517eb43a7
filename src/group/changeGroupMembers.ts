import type { Address, Hex } from "viem";
import { changeMembership } from "./applyMembershipChange.ts";
import { buildOutbox } from "./buildOutbox.ts";
import { createOwnSenderKey } from "./createOwnSenderKey.ts";
import { otherMembers, requireCreator, sameAccount } from "./groupGuards.ts";
import type { GroupOutbox } from "./GroupOutbox.ts";
import type { GroupWork } from "./GroupWork.ts";
import type { MembershipRecord } from "./Membership.ts";
import { addSenderKeyEntry } from "./senderKeyEntries.ts";

export type ChangeMembersResult = { membership: MembershipRecord; outbox: GroupOutbox };

/**
 * Adds members (creator only). Existing members get the change; each new member gets the full record and our
 * sender key from its current iteration (no history). New members then receive every other member's key when that
 * member next sends.
 */
export async function addGroupMembers(work: GroupWork, groupId: Hex, accounts: readonly Address[]): Promise<ChangeMembersResult> {
  const state = await requireCreator(work, groupId);
  const { record, change } = changeMembership(state.membership, { add: accounts });
  const existing = otherMembers(state, work.ctx.account);
  const own = await ownKeyWithNewMembers(work, groupId, otherMembers({ ...state, membership: record }, work.ctx.account), change.added);
  work.setGroup({ ...state, membership: record });
  const { groupId: _, ...full } = record;
  const outbox = buildOutbox({
    groupId,
    own,
    recipients: [...existing, ...change.added],
    distributeTo: change.added,
    parts: (member) => (change.added.some((a) => sameAccount(a, member)) ? { membership: full } : { change }),
  });
  return { membership: record, outbox };
}

/**
 * Removes members (creator only). Our sender key rotates at once: the remaining members get the change together
 * with our new key, and the removed members a notice (the change) and nothing else. Every remaining member rotates
 * its own key when it applies the change, so nothing sent after the removal is readable by the removed.
 */
export async function removeGroupMembers(work: GroupWork, groupId: Hex, accounts: readonly Address[]): Promise<ChangeMembersResult> {
  const state = await requireCreator(work, groupId);
  const { record, change } = changeMembership(state.membership, { remove: accounts });
  const remaining = otherMembers({ ...state, membership: record }, work.ctx.account);
  const gone = new Set(change.removed.map((m) => m.toLowerCase()));
  for (const account of change.removed) {
    await work.senderKey(groupId, account);
    work.setSenderKey(groupId, account, null);
  }
  await work.ownKey(groupId);
  const own = await createOwnSenderKey(groupId, work.ctx.account, remaining, work.ctx.random);
  work.setOwnKey(groupId, own);
  work.clearHolders(groupId);
  work.setGroup({ ...state, membership: record, chains: state.chains.filter((c) => !gone.has(c.sender.toLowerCase())) });
  const outbox = buildOutbox({
    groupId,
    own,
    recipients: [...remaining, ...change.removed],
    distributeTo: remaining,
    parts: () => ({ change }),
  });
  return { membership: record, outbox };
}

/**
 * Our chain after members were added: the new members become entitled from its current iteration. Without a
 * chain (none made yet, or rotated away by a removal) a new one starts, readable from 0 by every other member.
 */
export async function ownKeyWithNewMembers(work: GroupWork, groupId: Hex, others: readonly Address[], added: readonly Address[]) {
  const current = await work.ownKey(groupId);
  if (current) {
    const own = addSenderKeyEntry(current, added);
    work.setOwnKey(groupId, own);
    return own;
  }
  const own = await createOwnSenderKey(groupId, work.ctx.account, others, work.ctx.random);
  work.setOwnKey(groupId, own);
  work.clearHolders(groupId);
  return own;
}

/**
 * The full current record again, to members whose copy diverged or who missed changes (creator only). It carries
 * no key: a member that lacks ours gets it on our next send.
 */
export async function resendMembership(work: GroupWork, groupId: Hex, members: readonly Address[]): Promise<GroupOutbox> {
  const state = await requireCreator(work, groupId);
  const recipients = otherMembers(state, work.ctx.account).filter((m) => members.some((a) => sameAccount(a, m)));
  const { groupId: _, ...full } = state.membership;
  return buildOutbox({ groupId, own: null, recipients, distributeTo: [], parts: () => ({ membership: full }) });
}
