import type { Hex } from "viem";
import type { MembershipChange, MembershipRecord } from "./Membership.ts";
import type { SenderKeyDistribution } from "./SenderKey.ts";

/**
 * A group control message: what group members send each other over their 1:1 sessions (message content type
 * 0x02). Any combination of parts may travel together, in one 1:1 message; they are applied in this order.
 */
export type GroupControl = {
  readonly groupId: Hex;
  /** The full record (from the creator): at creation, to a new member, or to resynchronise a member. */
  readonly membership?: Omit<MembershipRecord, "groupId">;
  /** One membership step (from the creator) for members who hold the previous record. */
  readonly change?: MembershipChange;
  /** The sender's chain key for us. */
  readonly distribution?: SenderKeyDistribution;
};
