import type { Address, Hex } from "viem";
import type { RandomSource } from "../crypto/random.ts";
import { GroupStateConflictError } from "../errors/groupErrors.ts";
import type { SenderKeyDeviceStatus } from "../store/ProtocolStore.ts";
import { decodeGroupIndex, encodeGroupIndex } from "../wire/groupIndexCodec.ts";
import { decodeGroupState, encodeGroupState } from "../wire/groupStateCodec.ts";
import { decodeOwnSenderKey, encodeOwnSenderKey } from "../wire/ownSenderKeyCodec.ts";
import { decodeSenderKeyRecord, encodeSenderKeyRecord } from "../wire/senderKeyRecordCodec.ts";
import { groupRecordKeys, type GroupStore } from "./GroupStore.ts";
import type { GroupTopic, GroupTopicIndex } from "./GroupTopicIndex.ts";
import type { GroupState } from "./Membership.ts";
import type { OwnSenderKey, SenderKeyRecord } from "./SenderKey.ts";
import * as changes from "./changeGroupMembers.ts";
import * as creation from "./createGroup.ts";
import type { DistributionReceipt, GroupOutbox } from "./GroupOutbox.ts";
import * as marking from "./markDistributed.ts";
import * as sending from "./prepareGroupMessage.ts";
import * as control from "./receiveGroupControl.ts";
import * as receiving from "./receiveGroupMessage.ts";

/** What every group operation needs: the store, who we are, the deployment, randomness and a clock. */
export type GroupContext = {
  readonly store: GroupStore;
  readonly account: Address;
  /** chainId (u64 BE) || contract (20): bound into every group message. */
  readonly context: Uint8Array;
  readonly random: RandomSource;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Whether a log's on-chain sender may post for `member` (the member itself, or one of its delegates). */
  readonly allowsSender: (member: Address, sender: Address) => boolean | Promise<boolean>;
  readonly index: GroupTopicIndex;
};

type Slot = { base: Uint8Array | null; value: unknown; dirty: boolean; encode: (value: never) => Uint8Array };
type StatusOp = { groupId: Hex; entries: SenderKeyDeviceStatus[] | null };

/**
 * A unit of work over group state: operations read records through it, compute (including async cryptography,
 * which must not run inside a store transaction), and stage their writes here; `commit` then writes everything in
 * one transaction — the caller's own (`commit(tx)`, e.g. together with a pending transaction or received messages)
 * or a new one. A failed operation stages nothing, so the work stays usable.
 *
 * Commit first checks that every record this work read is still stored exactly as it was read; if another writer
 * (tab, process, task) changed one, it throws `GroupStateConflictError` and writes nothing: run the operations
 * again on a new work. Status writes (ProtocolStore) are idempotent and not checked.
 */
export class GroupWork {
  readonly ctx: GroupContext;
  readonly #slots = new Map<string, Slot>();
  readonly #statusOps: StatusOp[] = [];
  #committed = false;

  constructor(ctx: GroupContext) {
    this.ctx = ctx;
  }

  // ------------------------------------------------------------------ operations (each all or nothing)

  /** A new group with us as creator; send `outbox` to the members. */
  createGroup(input: { name?: string; members: readonly Address[] }): Promise<creation.CreateGroupResult> {
    return this.atomically(() => creation.createGroup(this, input));
  }

  /** Creator only: adds members; send `outbox` (the change to members, the record and our key to new ones). */
  addMembers(groupId: Hex, accounts: readonly Address[]): Promise<changes.ChangeMembersResult> {
    return this.atomically(() => changes.addGroupMembers(this, groupId, accounts));
  }

  /** Creator only: removes members and rotates our key; send `outbox`. */
  removeMembers(groupId: Hex, accounts: readonly Address[]): Promise<changes.ChangeMembersResult> {
    return this.atomically(() => changes.removeGroupMembers(this, groupId, accounts));
  }

  /** Creator only: the full record again for members that diverged. */
  resendMembership(groupId: Hex, members: readonly Address[]): Promise<GroupOutbox> {
    return this.atomically(() => changes.resendMembership(this, groupId, members));
  }

  /** Encrypts a group message; post it with the outbox's distributions in one transaction. */
  prepareMessage(groupId: Hex, plaintext: Uint8Array): Promise<sending.PreparedGroupMessage> {
    return this.atomically(() => sending.prepareGroupMessage(this, groupId, plaintext));
  }

  /** Our key for the members that lack it (or `members`), without a message. */
  prepareDistributions(groupId: Hex, members?: readonly Address[]): Promise<GroupOutbox> {
    return this.atomically(() => sending.prepareGroupDistributions(this, groupId, members));
  }

  /** After the transaction carrying an outbox's distributions is included (never before). */
  markDistributed(receipt: DistributionReceipt): Promise<Address[]> {
    return this.atomically(() => marking.markDistributed(this, receipt));
  }

  /** These members lack our key after all: the next send distributes to them again. */
  forgetDistributed(groupId: Hex, members: readonly Address[]): Promise<void> {
    return this.atomically(() => marking.forgetDistributed(this, groupId, members));
  }

  /** Decrypts a group message log (typed error, nothing staged, when it is not acceptable). */
  receiveMessage(log: receiving.GroupMessageLog): Promise<receiving.ReceivedGroupMessage> {
    return this.atomically(() => receiving.receiveGroupMessage(this, log));
  }

  /** Applies a group control message received from `from` over the 1:1 session. */
  receiveControl(from: Address, plaintext: Uint8Array): Promise<control.ReceivedGroupControl> {
    return this.atomically(() => control.receiveGroupControl(this, from, plaintext));
  }

  // ------------------------------------------------------------------ records

  /** Unix seconds, for TTLs. */
  nowSeconds(): number {
    return Math.floor(this.ctx.now() / 1000);
  }

  async groupIds(): Promise<Hex[]> {
    return (await this.#read(groupRecordKeys.index, decodeGroupIndex, encodeGroupIndex)) ?? [];
  }

  setGroupIds(ids: Hex[]): void {
    this.#write(groupRecordKeys.index, ids);
  }

  group(groupId: Hex): Promise<GroupState | null> {
    return this.#read(groupRecordKeys.group(groupId), decodeGroupState, encodeGroupState);
  }

  setGroup(state: GroupState): void {
    this.#write(groupRecordKeys.group(state.membership.groupId), state);
  }

  ownKey(groupId: Hex): Promise<OwnSenderKey | null> {
    return this.#read(groupRecordKeys.senderKey(groupId, this.ctx.account), decodeOwnSenderKey, encodeOwnSenderKey);
  }

  setOwnKey(groupId: Hex, own: OwnSenderKey | null): void {
    this.#write(groupRecordKeys.senderKey(groupId, this.ctx.account), own);
  }

  senderKey(groupId: Hex, account: Address): Promise<SenderKeyRecord | null> {
    return this.#read(groupRecordKeys.senderKey(groupId, account), decodeSenderKeyRecord, encodeSenderKeyRecord);
  }

  setSenderKey(groupId: Hex, account: Address, record: SenderKeyRecord | null): void {
    this.#write(groupRecordKeys.senderKey(groupId, account), record);
  }

  /** Members (lowercase accounts) known to hold our current sender key: stored status plus this work's changes. */
  async holders(groupId: Hex): Promise<Set<string>> {
    const status = new Map(await this.ctx.store.getSenderKeyDevices(groupId));
    for (const op of this.#statusOps) {
      if (op.groupId !== groupId) continue;
      if (op.entries === null) status.clear();
      else for (const [device, hasKey] of op.entries) status.set(device, hasKey);
    }
    return new Set([...status].filter(([, hasKey]) => hasKey).map(([device]) => device));
  }

  /** Our sender key changed: nobody holds it. */
  clearHolders(groupId: Hex): void {
    this.#statusOps.push({ groupId, entries: null });
  }

  setHolders(groupId: Hex, members: readonly Address[], hasKey: boolean): void {
    if (members.length) this.#statusOps.push({ groupId, entries: members.map((m) => [groupRecordKeys.device(m), hasKey]) });
  }

  /** The group and member a topic belongs to, as this work sees it (its own staged states first). */
  async resolveTopic(topic: Hex): Promise<GroupTopic | null> {
    const lower = topic.toLowerCase() as Hex;
    for (const slot of this.#slots.values()) {
      if (!slot.dirty || !isGroupState(slot.value)) continue;
      const chain = slot.value.chains.find((c) => c.topic === lower);
      if (chain) return { topic: lower, groupId: slot.value.membership.groupId, sender: chain.sender };
    }
    return this.ctx.index.lookup(lower);
  }

  /**
   * Runs one operation on this work: if it throws, everything it staged is undone, so a rejected input leaves the
   * work (and, once committed, the store) exactly as before. Operations on one work must run one at a time.
   */
  async atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#committed) throw new GroupStateConflictError("this unit of work was already committed");
    const saved = new Map([...this.#slots].map(([key, slot]) => [key, { value: slot.value, dirty: slot.dirty }]));
    const statusOps = this.#statusOps.length;
    try {
      return await fn();
    } catch (error) {
      for (const [key, slot] of this.#slots) {
        const before = saved.get(key);
        if (!before) this.#slots.delete(key);
        else Object.assign(slot, before);
      }
      this.#statusOps.length = statusOps;
      throw error;
    }
  }

  /**
   * Writes every staged change atomically, after checking nothing this work read has changed since. Given `tx`, the
   * writes join the caller's transaction: if that transaction rolls back afterwards, run the operations again on a
   * new work (a work commits once).
   */
  async commit(tx?: GroupStore): Promise<void> {
    if (this.#committed) throw new GroupStateConflictError("this unit of work was already committed");
    const apply = async (t: GroupStore) => {
      for (const [key, slot] of this.#slots) {
        if (!sameBytes(await t.getSenderKey(key), slot.base)) throw new GroupStateConflictError(describeKey(key));
      }
      for (const [key, slot] of this.#slots) {
        if (!slot.dirty) continue;
        if (slot.value === null) await t.deleteSenderKey(key);
        else await t.putSenderKey(key, slot.encode(slot.value as never));
      }
      for (const op of this.#statusOps) {
        if (op.entries === null) await t.clearSenderKeyDevices(op.groupId);
        else await t.setSenderKeyStatus(op.groupId, op.entries);
      }
    };
    if (tx) await apply(tx);
    else await this.ctx.store.transaction(apply);
    this.#committed = true;
    for (const slot of this.#slots.values()) {
      if (slot.dirty && isGroupState(slot.value)) this.ctx.index.update(slot.value.membership.groupId, slot.value);
    }
  }

  async #read<T>(key: string, decode: (bytes: Uint8Array) => T, encode: (value: T) => Uint8Array): Promise<T | null> {
    const slot = this.#slots.get(key);
    if (slot) return slot.value as T | null;
    const base = await this.ctx.store.getSenderKey(key);
    // Another read may have filled the slot while this one waited on the store: the first one wins.
    const raced = this.#slots.get(key);
    if (raced) return raced.value as T | null;
    const value = base ? decode(base) : null;
    this.#slots.set(key, { base, value, dirty: false, encode: encode as (value: never) => Uint8Array });
    return value;
  }

  /** Every write follows a read of the same record in this work, so commit knows what it must still find stored. */
  #write(key: string, value: unknown): void {
    const slot = this.#slots.get(key);
    if (!slot) throw new GroupStateConflictError(`${describeKey(key)} written before it was read`);
    if (this.#committed) throw new GroupStateConflictError("this unit of work was already committed");
    slot.value = value;
    slot.dirty = true;
  }
}

function isGroupState(value: unknown): value is GroupState {
  return typeof value === "object" && value !== null && "membership" in value && "chains" in value;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Record kinds only: keys hold group ids and accounts, which are not secret, but errors stay terse. */
function describeKey(key: string): string {
  if (key === groupRecordKeys.index) return "group list";
  return key.split("/").length > 4 ? "sender key" : "group record";
}
