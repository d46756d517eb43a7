import type { Address, Hex } from "viem";
import { deriveGroupId } from "./deriveGroupId.ts";
import { MAX_GROUPS, MAX_HELD_MEMBERSHIP_CHANGES } from "../constants.ts";
import { GroupIdNotBoundError, GroupLimitError, GroupNotFoundError, NotGroupCreatorError, NotGroupMemberError } from "../errors/groupErrors.ts";
import { decodeGroupControl } from "../wire/groupControlCodec.ts";
import { applyMembershipChange } from "./applyMembershipChange.ts";
import type { GroupEvent } from "./GroupEvent.ts";
import { isMember, sameAccount } from "./groupGuards.ts";
import type { GroupWork } from "./GroupWork.ts";
import type { GroupState, MembershipChange, MembershipRecord } from "./Membership.ts";
import { processDistribution } from "./processDistribution.ts";
import { addSenderKeyEntry } from "./senderKeyEntries.ts";

export type ReceivedGroupControl = {
  groupId: Hex;
  events: GroupEvent[];
  /**
   * Members were removed, so our sender key was dropped: the next send starts a new chain and distributes it to the
   * remaining members. Call `prepareDistributions` to hand it out sooner.
   */
  rotated: boolean;
};

/**
 * Applies a group control message that `from` sent us over our authenticated 1:1 session (the caller vouches for
 * `from`: the 1:1 ratchet decrypted it and the log's sender was allowed for that peer). Membership parts are
 * accepted only from the group's creator; a distribution only from a current member. Parts apply in order —
 * record, change, held changes that now fit, distribution — and all or nothing: on any error nothing is staged.
 */
export async function receiveGroupControl(work: GroupWork, from: Address, plaintext: Uint8Array): Promise<ReceivedGroupControl> {
  const control = decodeGroupControl(plaintext);
  const { groupId } = control;
  const out: ReceivedGroupControl = { groupId, events: [], rotated: false };
  const initial = await work.group(groupId);
  let state = initial;
  if (control.membership) state = await applyFullRecord(work, state, from, { groupId, ...control.membership }, out);
  if (control.change) {
    if (!state) throw new GroupNotFoundError(groupId);
    state = await applyOrHoldChange(work, state, from, control.change, out);
  }
  if (control.distribution) {
    if (!state) throw new GroupNotFoundError(groupId);
    if (state.left) throw new NotGroupMemberError({ groupId, account: work.ctx.account });
    if (!isMember(state.membership, from)) throw new NotGroupMemberError({ groupId, account: from });
    const current = await work.senderKey(groupId, from);
    const { record, topic, added } = processDistribution(current, control.distribution, groupId, from);
    if (added) {
      work.setSenderKey(groupId, from, record);
      const live = new Set(record.states.map((s) => s.topic));
      const kept = state.chains.filter((c) => !sameAccount(c.sender, from) || live.has(c.topic));
      state = { ...state, chains: [...kept, { topic, sender: from }] };
      out.events.push({ type: "senderKey", groupId, sender: from, topic });
    }
  }
  if (state && state !== initial) work.setGroup(state);
  return out;
}

/** A full record from the creator: a new group for us, or a newer epoch replacing ours (resync, re-addition). */
async function applyFullRecord(
  work: GroupWork,
  state: GroupState | null,
  from: Address,
  record: MembershipRecord,
  out: ReceivedGroupControl,
): Promise<GroupState | null> {
  const { groupId } = record;
  if (!sameAccount(from, record.creator) || (state && !sameAccount(state.membership.creator, record.creator))) {
    throw new NotGroupCreatorError({ groupId, account: from });
  }
  if (state && record.epoch <= state.membership.epoch) return state;
  const self = work.ctx.account;
  if (!state) {
    // A group new to us must be the creator's own id: a member cannot announce a group under an id it learnt.
    if (!record.salt || deriveGroupId(record.creator, record.salt).toLowerCase() !== groupId.toLowerCase()) {
      throw new GroupIdNotBoundError({ groupId, creator: record.creator });
    }
    if (!isMember(record, self)) throw new NotGroupMemberError({ groupId, account: self });
    const ids = await work.groupIds();
    if (ids.length >= MAX_GROUPS) throw new GroupLimitError({ what: "groups", size: ids.length + 1, max: MAX_GROUPS });
    work.setGroupIds([...ids, groupId]);
    out.events.push({ type: "joined", groupId, membership: record });
    return { membership: record, left: false, held: [], chains: [] };
  }
  if (!isMember(record, self)) return leave(work, state, record, out);
  const before = new Set(state.membership.members.map((m) => m.toLowerCase()));
  const after = new Set(record.members.map((m) => m.toLowerCase()));
  const change = {
    epoch: record.epoch,
    added: record.members.filter((m) => !before.has(m.toLowerCase())),
    removed: state.membership.members.filter((m) => !after.has(m.toLowerCase())),
  };
  if (state.left) {
    out.events.push({ type: "joined", groupId, membership: record });
    return { membership: record, left: false, held: [], chains: [] };
  }
  return drainHeld(work, await applyEffects(work, state, record, change, out), out);
}

/** A change from the creator: applied when it is the next epoch, kept for later when it comes early. */
async function applyOrHoldChange(
  work: GroupWork,
  state: GroupState,
  from: Address,
  change: MembershipChange,
  out: ReceivedGroupControl,
): Promise<GroupState> {
  const { groupId } = state.membership;
  if (!sameAccount(from, state.membership.creator)) throw new NotGroupCreatorError({ groupId, account: from });
  if (state.left || change.epoch <= state.membership.epoch) return state;
  if (change.epoch > state.membership.epoch + 1) {
    if (state.held.some((c) => c.epoch === change.epoch)) return state;
    const held = [...state.held, change].sort((a, b) => a.epoch - b.epoch);
    if (held.length > MAX_HELD_MEMBERSHIP_CHANGES) {
      throw new GroupLimitError({ what: "membership changes waiting for an earlier one", size: held.length, max: MAX_HELD_MEMBERSHIP_CHANGES });
    }
    return { ...state, held };
  }
  return drainHeld(work, await applyOne(work, state, change, out), out);
}

/**
 * Applies the held changes that now follow our epoch. One that does not apply is dropped: the group then waits at
 * this epoch for a full record from the creator rather than refusing every later message.
 */
async function drainHeld(work: GroupWork, state: GroupState, out: ReceivedGroupControl): Promise<GroupState> {
  let current = state;
  while (!current.left && current.held[0]?.epoch === current.membership.epoch + 1) {
    const [next, ...rest] = current.held;
    current = { ...current, held: rest };
    try {
      current = await applyOne(work, current, next!, out);
    } catch {
      break;
    }
  }
  const epoch = current.membership.epoch;
  return current.held.every((c) => c.epoch > epoch) ? current : { ...current, held: current.held.filter((c) => c.epoch > epoch) };
}

async function applyOne(work: GroupWork, state: GroupState, change: MembershipChange, out: ReceivedGroupControl): Promise<GroupState> {
  const record = applyMembershipChange(state.membership, change);
  if (change.removed.some((m) => sameAccount(m, work.ctx.account))) return leave(work, state, record, out);
  return applyEffects(work, state, record, change, out);
}

/**
 * The new record's consequences for us: removed members' keys are deleted and our own key dropped (the next send
 * starts a new chain for the remaining members only); added members become entitled to our chain from now on.
 */
async function applyEffects(
  work: GroupWork,
  state: GroupState,
  record: MembershipRecord,
  change: Pick<MembershipChange, "epoch" | "added" | "removed">,
  out: ReceivedGroupControl,
): Promise<GroupState> {
  const { groupId } = record;
  for (const account of change.removed) {
    await work.senderKey(groupId, account);
    work.setSenderKey(groupId, account, null);
  }
  const own = await work.ownKey(groupId);
  if (change.removed.length) {
    if (own) work.setOwnKey(groupId, null);
    work.clearHolders(groupId);
    out.rotated = true;
  } else if (own && change.added.length) {
    work.setOwnKey(groupId, addSenderKeyEntry(own, change.added));
  }
  const gone = new Set(change.removed.map((m) => m.toLowerCase()));
  out.events.push({ type: "members", groupId, epoch: record.epoch, added: change.added, removed: change.removed });
  return { ...state, membership: record, chains: state.chains.filter((c) => !gone.has(c.sender.toLowerCase())) };
}

/** We were removed: every key of the group is deleted; the record stays (marked left) for the app to show. */
async function leave(work: GroupWork, state: GroupState, record: MembershipRecord, out: ReceivedGroupControl): Promise<GroupState> {
  const { groupId } = record;
  for (const account of state.membership.members) {
    if (sameAccount(account, work.ctx.account)) continue;
    await work.senderKey(groupId, account);
    work.setSenderKey(groupId, account, null);
  }
  await work.ownKey(groupId);
  work.setOwnKey(groupId, null);
  work.clearHolders(groupId);
  out.events.push({ type: "removed", groupId, epoch: record.epoch });
  return { membership: record, left: true, held: [], chains: [] };
}
