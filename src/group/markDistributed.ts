import type { Address } from "viem";
import type { DistributionReceipt } from "./GroupOutbox.ts";
import { isMember } from "./groupGuards.ts";
import type { GroupWork } from "./GroupWork.ts";
import { dropSenderKeyEntries } from "./senderKeyEntries.ts";

/**
 * Records that the transaction carrying our distributions is included: those members hold our key, so later sends
 * skip them, and the start keys kept for them are dropped. A receipt for a chain we no longer use (rotated since
 * the outbox was made) changes nothing — the new chain still has to reach them. Returns the members marked.
 */
export async function markDistributed(work: GroupWork, receipt: DistributionReceipt): Promise<Address[]> {
  const state = await work.group(receipt.groupId);
  const own = await work.ownKey(receipt.groupId);
  if (!state || state.left || !own || own.topic !== receipt.chain.toLowerCase()) return [];
  const members = receipt.members.filter((m) => isMember(state.membership, m));
  if (members.length === 0) return [];
  work.setHolders(receipt.groupId, members, true);
  const next = dropSenderKeyEntries(own, members);
  if (next.entries.length !== own.entries.length || next.entries.some((e, i) => e.members.length !== own.entries[i]!.members.length)) {
    work.setOwnKey(receipt.groupId, next);
  }
  return members;
}

/**
 * Marks members as lacking our key (e.g. one reports it cannot read us after restoring a backup): the next send
 * distributes to them again, with our current key.
 */
export async function forgetDistributed(work: GroupWork, groupId: DistributionReceipt["groupId"], members: readonly Address[]): Promise<void> {
  work.setHolders(groupId, members, false);
}
