import type { Address, Hex } from "viem";
import type { MembershipRecord } from "./Membership.ts";

/** What a received group control message changed, for the client to report (e.g. as `group` events). */
export type GroupEvent =
  /** We received a group's record for the first time, or were added back after a removal. */
  | { type: "joined"; groupId: Hex; membership: MembershipRecord }
  /** Members were added or removed (`epoch` is the new one). */
  | { type: "members"; groupId: Hex; epoch: number; added: readonly Address[]; removed: readonly Address[] }
  /** We were removed: the group's keys are deleted; nothing is sent or read any more. */
  | { type: "removed"; groupId: Hex; epoch: number }
  /** A member gave us a sender chain: their messages on `topic` can now be read (sync it). */
  | { type: "senderKey"; groupId: Hex; sender: Address; topic: Hex };
