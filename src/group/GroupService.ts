import type { Address, Hex } from "viem";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { GroupStateConflictError } from "../errors/groupErrors.ts";
import { sessionContext } from "../ratchet/createSession.ts";
import { decodeGroupIndex } from "../wire/groupIndexCodec.ts";
import { decodeGroupState } from "../wire/groupStateCodec.ts";
import { sameAccount } from "./groupGuards.ts";
import type { DistributionReceipt, GroupOutbox } from "./GroupOutbox.ts";
import { groupRecordKeys, type GroupStore } from "./GroupStore.ts";
import { GroupTopicIndex, type GroupTopic } from "./GroupTopicIndex.ts";
import { GroupWork } from "./GroupWork.ts";
import type { MembershipRecord } from "./Membership.ts";
import type { PreparedGroupMessage } from "./prepareGroupMessage.ts";
import type { ReceivedGroupControl } from "./receiveGroupControl.ts";
import type { GroupMessageLog, ReceivedGroupMessage } from "./receiveGroupMessage.ts";
import type { ChangeMembersResult } from "./changeGroupMembers.ts";
import type { CreateGroupResult } from "./createGroup.ts";

export type GroupServiceOptions = {
  /** The account's Hushlog store (any backend); groups use its sender-key records and distribution status. */
  store: GroupStore;
  /** Our account. */
  account: Address;
  chainId: number;
  contract: Address;
  random?: RandomSource;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
  /**
   * Whether a log's on-chain sender may post group messages for `member`. Default: only the member's own account.
   * A client that knows members' key bindings passes `bindingAllowsSender(binding, sender)` to allow delegates.
   */
  allowsSender?: (member: Address, sender: Address) => boolean | Promise<boolean>;
};

/** A group as an app lists it. */
export type GroupInfo = MembershipRecord & { left: boolean };

/** Attempts of `run` when another writer changes group state between an operation's read and its commit. */
const CONFLICT_RETRIES = 3;

/**
 * Group chats with sender keys, for one account over its store. Pure with respect to the chain: it never talks to
 * an RPC or a wallet. The caller posts what it prepares (group messages on their topics, control messages over
 * its 1:1 sessions, in one batch transaction) and hands in what it receives (group message logs, 1:1 plaintexts of
 * content type 0x02).
 *
 * Two ways to use it:
 * - one-shot methods (`createGroup`, `prepareMessage`, `receiveMessage`, ...) commit on their own;
 * - `begin()` gives a unit of work whose operations the caller commits in its own store transaction, e.g. a
 *   prepared message together with its pending transaction, or a sync step's received messages with its cursor.
 */
export class GroupService {
  readonly account: Address;
  readonly #store: GroupStore;
  readonly #ctx: GroupWork["ctx"];

  constructor(options: GroupServiceOptions) {
    this.account = options.account;
    this.#store = options.store;
    this.#ctx = {
      store: options.store,
      account: options.account,
      context: sessionContext(options.chainId, options.contract),
      random: options.random ?? systemRandom,
      now: options.now ?? Date.now,
      allowsSender: options.allowsSender ?? ((member, sender) => sameAccount(member, sender)),
      index: new GroupTopicIndex(options.store),
    };
  }

  /** A unit of work: run operations on it, then `commit(tx?)`. */
  begin(): GroupWork {
    return new GroupWork(this.#ctx);
  }

  /** Runs `fn` on a new work and commits it, starting again (up to 3 times) when another writer got in first. */
  async run<T>(fn: (work: GroupWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const work = this.begin();
      try {
        const result = await fn(work);
        await work.commit();
        return result;
      } catch (error) {
        if (!(error instanceof GroupStateConflictError) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  // ------------------------------------------------------------------ reads

  async listGroups(): Promise<GroupInfo[]> {
    const index = await this.#store.getSenderKey(groupRecordKeys.index);
    const groups: GroupInfo[] = [];
    for (const groupId of index ? decodeGroupIndex(index) : []) {
      const info = await this.getGroup(groupId);
      if (info) groups.push(info);
    }
    return groups;
  }

  async getGroup(groupId: Hex): Promise<GroupInfo | null> {
    const bytes = await this.#store.getSenderKey(groupRecordKeys.group(groupId));
    if (!bytes) return null;
    const state = decodeGroupState(bytes);
    return { ...state.membership, left: state.left };
  }

  /** Every topic to sync for group messages (other members' sender chains of the groups we are in), with owners. */
  topics(): Promise<GroupTopic[]> {
    return this.#ctx.index.all();
  }

  /** The group and member a topic belongs to, or null. */
  resolveTopic(topic: Hex): Promise<GroupTopic | null> {
    return this.#ctx.index.lookup(topic);
  }

  /** Forgets the in-memory topic index: call after another process or tab may have changed group state. */
  reload(): void {
    this.#ctx.index.reload();
  }

  // ------------------------------------------------------------------ one-shot operations

  createGroup(input: { name?: string; members: readonly Address[] }): Promise<CreateGroupResult> {
    return this.run((work) => work.createGroup(input));
  }

  addMembers(groupId: Hex, accounts: readonly Address[]): Promise<ChangeMembersResult> {
    return this.run((work) => work.addMembers(groupId, accounts));
  }

  removeMembers(groupId: Hex, accounts: readonly Address[]): Promise<ChangeMembersResult> {
    return this.run((work) => work.removeMembers(groupId, accounts));
  }

  resendMembership(groupId: Hex, members: readonly Address[]): Promise<GroupOutbox> {
    return this.run((work) => work.resendMembership(groupId, members));
  }

  prepareMessage(groupId: Hex, plaintext: Uint8Array): Promise<PreparedGroupMessage> {
    return this.run((work) => work.prepareMessage(groupId, plaintext));
  }

  prepareDistributions(groupId: Hex, members?: readonly Address[]): Promise<GroupOutbox> {
    return this.run((work) => work.prepareDistributions(groupId, members));
  }

  markDistributed(receipt: DistributionReceipt): Promise<Address[]> {
    return this.run((work) => work.markDistributed(receipt));
  }

  forgetDistributed(groupId: Hex, members: readonly Address[]): Promise<void> {
    return this.run((work) => work.forgetDistributed(groupId, members));
  }

  receiveMessage(log: GroupMessageLog): Promise<ReceivedGroupMessage> {
    return this.run((work) => work.receiveMessage(log));
  }

  receiveControl(from: Address, plaintext: Uint8Array): Promise<ReceivedGroupControl> {
    return this.run((work) => work.receiveControl(from, plaintext));
  }
}
