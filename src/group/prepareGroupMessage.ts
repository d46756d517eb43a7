import type { Address, Hex } from "viem";
import { buildOutbox } from "./buildOutbox.ts";
import { createOwnSenderKey } from "./createOwnSenderKey.ts";
import { groupEncrypt } from "./groupEncrypt.ts";
import { otherMembers, requireActiveGroup } from "./groupGuards.ts";
import type { GroupOutbox } from "./GroupOutbox.ts";
import type { GroupWork } from "./GroupWork.ts";
import type { GroupState } from "./Membership.ts";
import type { OwnSenderKey } from "./SenderKey.ts";

export type PreparedGroupMessage = {
  groupId: Hex;
  /** Post `payload` as a `Message` on this topic (compact: packed calldata takes it). */
  topic: Hex;
  payload: Uint8Array;
  /** Position of the message on our chain (with `topic`, its stable id). */
  iteration: number;
  /**
   * Distributions for the members not yet known to hold our key, to send in the SAME transaction as the message
   * (as 1:1 messages, before it in the batch) so they can read it; empty once everyone holds it.
   */
  outbox: GroupOutbox;
};

/**
 * Encrypts one group message on our sender chain (starting a new chain when we have none: first send, or after a
 * removal rotated it away). The chain advances in this work: commit it in the same store transaction as the
 * pending transaction that will carry the payload, before broadcasting, so no message key is ever used twice.
 */
export async function prepareGroupMessage(work: GroupWork, groupId: Hex, plaintext: Uint8Array): Promise<PreparedGroupMessage> {
  const state = await requireActiveGroup(work, groupId);
  const own = await ensureOwnKey(work, state);
  const outbox = await pendingDistributions(work, state, own);
  const out = await groupEncrypt(own, plaintext, { context: work.ctx.context, random: work.ctx.random });
  work.setOwnKey(groupId, out.own);
  return { groupId, topic: out.topic, payload: out.payload, iteration: out.iteration, outbox };
}

/**
 * Distributions of our key to the members not yet known to hold it (or to `members` only), without a message:
 * to hand out a new key ahead of the next send. Creates our chain if we have none.
 */
export async function prepareGroupDistributions(work: GroupWork, groupId: Hex, members?: readonly Address[]): Promise<GroupOutbox> {
  const state = await requireActiveGroup(work, groupId);
  const own = await ensureOwnKey(work, state);
  return pendingDistributions(work, state, own, members);
}

async function ensureOwnKey(work: GroupWork, state: GroupState): Promise<OwnSenderKey> {
  const groupId = state.membership.groupId;
  const current = await work.ownKey(groupId);
  if (current) return current;
  const own = await createOwnSenderKey(groupId, work.ctx.account, otherMembers(state, work.ctx.account), work.ctx.random);
  work.setOwnKey(groupId, own);
  work.clearHolders(groupId);
  return own;
}

/** Computed from our chain BEFORE the message is encrypted, so a member given the current key can read it. */
async function pendingDistributions(work: GroupWork, state: GroupState, own: OwnSenderKey, only?: readonly Address[]): Promise<GroupOutbox> {
  const groupId = state.membership.groupId;
  const holders = await work.holders(groupId);
  const wanted = only && new Set(only.map((m) => m.toLowerCase()));
  const need = otherMembers(state, work.ctx.account).filter(
    (m) => !holders.has(m.toLowerCase()) && (!wanted || wanted.has(m.toLowerCase())),
  );
  return buildOutbox({ groupId, own, recipients: need, distributeTo: need });
}
