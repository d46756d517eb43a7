import type { Address, Hex } from "viem";
import type { SenderKeyDeviceStatus } from "../store/ProtocolStore.ts";
import { decodeGroupIndex } from "../wire/groupIndexCodec.ts";
import { decodeGroupState } from "../wire/groupStateCodec.ts";
import { groupRecordKeys, type GroupStore } from "./GroupStore.ts";

/**
 * Everything an account's store holds for its groups, in the stored form: the sender-key table's group records
 * (the index, each group's state, every sender key: our own and the other members') and each group's sender-key
 * distribution status. What a backup carries so a restored account goes on in its groups.
 */
export type GroupRecords = {
  records: { name: string; value: Uint8Array }[];
  /** One entry per group (its id, and who holds our sender key; empty when nobody does yet). */
  distribution: { groupId: Hex; devices: SenderKeyDeviceStatus[] }[];
};

/** Reads every group record of `account`'s store (one read per record; nothing is decrypted but the group states). */
export async function readGroupRecords(store: GroupStore, account: Address): Promise<GroupRecords> {
  const out: GroupRecords = { records: [], distribution: [] };
  const index = await store.getSenderKey(groupRecordKeys.index);
  if (!index) return out;
  out.records.push({ name: groupRecordKeys.index, value: index });
  for (const groupId of decodeGroupIndex(index)) {
    const state = await store.getSenderKey(groupRecordKeys.group(groupId));
    if (!state) continue;
    out.records.push({ name: groupRecordKeys.group(groupId), value: state });
    // Sender keys are stored per (group, member): ours, the members', and those of chains still held for senders
    // who have left (their last messages may still arrive).
    const { membership, chains } = decodeGroupState(state);
    const owners = new Set([account, ...membership.members, ...chains.map((c) => c.sender)].map((a) => a.toLowerCase() as Address));
    for (const owner of owners) {
      const name = groupRecordKeys.senderKey(groupId, owner);
      const value = await store.getSenderKey(name);
      if (value) out.records.push({ name, value });
    }
    out.distribution.push({ groupId, devices: await store.getSenderKeyDevices(groupId) });
  }
  return out;
}

/** The records of one group among `records` (its state and its sender keys). */
export function recordsOfGroup({ records }: GroupRecords, groupId: Hex): GroupRecords["records"] {
  const state = groupRecordKeys.group(groupId);
  return records.filter(({ name }) => name === state || name.startsWith(`${state}/`));
}

/** Writes records read by `readGroupRecords` into a store (in the caller's transaction, if `store` is one). */
export async function writeGroupRecords(store: GroupStore, { records, distribution }: GroupRecords): Promise<void> {
  for (const { name, value } of records) await store.putSenderKey(name, value);
  for (const { groupId, devices } of distribution) if (devices.length > 0) await store.setSenderKeyStatus(groupId, devices);
}
