import type { Address, Hex } from "viem";
import type { ProtocolStore } from "../store/ProtocolStore.ts";
import type { SignalStore } from "../store/SignalStore.ts";

/**
 * The part of a Hushlog store that groups use: the SignalStore's sender-key records, the ProtocolStore's
 * per-device distribution status, and transactions. Every `HushlogStore` (and every transaction-bound one) is one.
 */
export type GroupStore = Pick<SignalStore, "getSenderKey" | "putSenderKey" | "deleteSenderKey"> &
  Pick<ProtocolStore, "getSenderKeyDevices" | "setSenderKeyStatus" | "clearSenderKeyDevices"> & {
    transaction<T>(fn: (tx: GroupStore) => Promise<T>): Promise<T>;
  };

/**
 * Record names in the sender-key table. Sender keys are named (group, sender) as in libsignal's SenderKeyName;
 * the group's own state and the list of groups live beside them, under names no account can produce.
 * Distribution status uses the group id as the ProtocolStore group and the member's lowercase account as the
 * device: a Hushlog identity is per account, so an account is one device for sender keys.
 */
export const groupRecordKeys = {
  index: "hushlog/v1/groups",
  group: (groupId: Hex) => `hushlog/v1/group/${groupId.toLowerCase()}`,
  senderKey: (groupId: Hex, account: Address) => `hushlog/v1/group/${groupId.toLowerCase()}/${account.toLowerCase()}`,
  device: (account: Address) => account.toLowerCase(),
} as const;
