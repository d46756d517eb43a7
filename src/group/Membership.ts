import type { Address, Hex } from "viem";

/**
 * A group's membership, versioned by `epoch`: 1 at creation, +1 for every change. Only the creator changes it,
 * and it travels only inside 1:1 ratchet messages (and in the encrypted store), so it is never public.
 */
export type MembershipRecord = {
  /** deriveGroupId(creator, salt): 16 bytes no one but the creator can make a group under. */
  readonly groupId: Hex;
  readonly epoch: number;
  readonly creator: Address;
  /** The creator's 16 random bytes behind the id; null for a group made before ids were bound to creators. */
  readonly salt: Hex | null;
  readonly name: string;
  /** Checksummed, unique, in ascending byte order; the creator included. */
  readonly members: readonly Address[];
};

/**
 * One step of the membership, sent by the creator to the members who already hold the record (new members get
 * the full record instead). `digest` commits to the resulting record, so a member whose copy diverged notices.
 */
export type MembershipChange = {
  /** The epoch this change creates (the previous one + 1). */
  readonly epoch: number;
  readonly added: readonly Address[];
  readonly removed: readonly Address[];
  /** 16 bytes: membershipDigest of the record after the change. */
  readonly digest: Uint8Array;
};

/** A sender chain we can receive, and whose it is: the topic index of a group. */
export type GroupChain = { readonly topic: Hex; readonly sender: Address };

/** What we store per group, besides the sender keys themselves. */
export type GroupState = {
  readonly membership: MembershipRecord;
  /** We were removed: nothing is sent or received any more; the record stays so the app can show the group. */
  readonly left: boolean;
  /** Changes that arrived ahead of a missing earlier one, in epoch order. */
  readonly held: readonly MembershipChange[];
  /** Every other member's sender chain we hold (the topics to sync), at most MAX_SENDER_KEY_STATES per member. */
  readonly chains: readonly GroupChain[];
};
