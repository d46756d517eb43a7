import type { Address, Hex } from "viem";

/**
 * Group control messages to send, one per member, each as the plaintext of a 1:1 ratchet message to that member
 * (content type 0x02 already in front). The caller encrypts them over its 1:1 sessions and posts them, in one
 * batch transaction when it can, and once that transaction is included calls `markDistributed` with
 * `distributionReceipt(outbox)` — never before, so a member whose distribution was lost gets it on the next send.
 */
export type GroupOutbox = {
  readonly groupId: Hex;
  /** Topic of our chain whose key the messages marked `distributes` carry; null when none does. */
  readonly chain: Hex | null;
  readonly messages: readonly GroupOutboxMessage[];
};

export type GroupOutboxMessage = {
  readonly to: Address;
  /** Secret: a 1:1 message plaintext (it may carry our chain key). */
  readonly plaintext: Uint8Array;
  /** It carries our sender key: `to` holds it once the message is included. */
  readonly distributes: boolean;
};

/** What `markDistributed` needs once an outbox's transaction is included. */
export type DistributionReceipt = { readonly groupId: Hex; readonly chain: Hex; readonly members: readonly Address[] };

export function distributionReceipt(outbox: GroupOutbox): DistributionReceipt | null {
  const members = outbox.messages.filter((m) => m.distributes).map((m) => m.to);
  return outbox.chain && members.length ? { groupId: outbox.groupId, chain: outbox.chain, members } : null;
}
