import { getAddress, type Address, type Hex } from "viem";
import { GroupService, type GroupInfo } from "../group/GroupService.ts";
import { distributionReceipt, type GroupOutbox } from "../group/GroupOutbox.ts";
import { bindingAllowsSender } from "../identity/bindingAllowsSender.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import { encodeMessageContent, type MessageContent } from "./messageContent.ts";
import { messageId } from "./messageId.ts";
import type { MessageSender, SendPlan, SendResult } from "./MessageSender.ts";
import { outgoing } from "./MessageSender.ts";

/** Pending item naming one member's sender-key distribution: `dist:<groupId>:<chain topic>:<member>`. */
const DIST = "dist:";

/**
 * Groups inside the client (DESIGN §2.8, issue 9): the pure GroupService for keys and membership, the 1:1
 * sessions for control messages, and the pending lifecycle for transactions.
 *
 * - Sending: the group's unit of work prepares the message (and any distributions owed), the distributions are
 *   encrypted over the 1:1 sessions, and everything goes in ONE batch transaction, committed with the group
 *   state before broadcast.
 * - Distribution status is set only after the carrying transaction is included (`afterIncluded`), never before;
 *   until then every send carries the key again.
 * - Receiving happens in the sync step (see receiveMessages): group logs and 0x02 control plaintexts go through
 *   one unit of work committed with the cursor.
 */
export class GroupManager {
  readonly service: GroupService;
  private readonly ctx: ClientContext;
  private readonly sender: MessageSender;

  constructor(ctx: ClientContext, sender: MessageSender, conversationWith: (peer: Address) => Hex) {
    this.ctx = ctx;
    this.sender = sender;
    this.service = new GroupService({
      store: ctx.store,
      account: ctx.identity.account,
      chainId: ctx.chainId,
      contract: ctx.contract,
      random: ctx.random,
      now: ctx.now,
      // A member's delegates may post for it: their key binding (known from our 1:1 session) says who they are.
      allowsSender: async (member, sender) => {
        if (member.toLowerCase() === sender.toLowerCase()) return true;
        const entry = await ctx.sessions.get(conversationWith(member));
        return entry !== null && entry.state.status === "active" && bindingAllowsSender(entry.state.peer.binding, sender);
      },
    });
    this.conversationWith = conversationWith;
  }

  private readonly conversationWith: (peer: Address) => Hex;

  async create(input: { name?: string; members: readonly Address[] }): Promise<{ groupId: Hex } & SendResult> {
    let groupId: Hex | undefined;
    const members = input.members.map((m) => getAddress(m));
    const result = await this.sender.sendPlan(members.map((m) => this.conversationWith(m)), async () => {
      const work = this.service.begin();
      const created = await work.createGroup({ name: input.name, members });
      groupId = created.groupId;
      return this.outboxPlan(created.outbox, (tx) => work.commit(tx));
    });
    return { groupId: groupId!, ...result };
  }

  async changeMembers(groupId: Hex, change: "add" | "remove", accounts: readonly Address[]): Promise<SendResult> {
    const members = (await this.service.getGroup(groupId))?.members ?? [];
    const keys = [groupId, ...[...members, ...accounts].map((m) => this.conversationWith(getAddress(m)))];
    return this.sender.sendPlan(keys, async () => {
      const work = this.service.begin();
      const result = change === "add" ? await work.addMembers(groupId, accounts) : await work.removeMembers(groupId, accounts);
      return this.outboxPlan(result.outbox, (tx) => work.commit(tx));
    });
  }

  async send(groupId: Hex, content: MessageContent | string): Promise<SendResult> {
    const members = (await this.service.getGroup(groupId))?.members ?? [];
    const keys = [groupId, ...members.filter((m) => m.toLowerCase() !== this.ctx.identity.account.toLowerCase()).map((m) => this.conversationWith(m))];
    return this.sender.sendPlan(keys, async () => {
      const work = this.service.begin();
      const body = encodeMessageContent(content);
      const prepared = await work.prepareMessage(groupId, body);
      const record = outgoing(messageId(groupId, prepared.topic, prepared.iteration), groupId, body, this.ctx, this.ctx.now());
      const plan = this.outboxPlan(prepared.outbox, (tx) => work.commit(tx));
      return { ...plan, extra: [{ topic: prepared.topic, payload: prepared.payload, record }] };
    });
  }

  list(): Promise<GroupInfo[]> {
    return this.service.listGroups();
  }

  /** After the transaction carrying distributions is included: the members now hold our key. */
  async afterIncluded(record: PendingRecord): Promise<void> {
    const receipts = new Map<string, { groupId: Hex; chain: Hex; members: Address[] }>();
    for (const item of record.itemIds) {
      if (!item.startsWith(DIST)) continue;
      const [groupId, chain, member] = item.slice(DIST.length).split(":") as [Hex, Hex, Address];
      const key = `${groupId}:${chain}`;
      const receipt = receipts.get(key) ?? { groupId, chain, members: [] };
      receipt.members.push(member);
      receipts.set(key, receipt);
    }
    for (const receipt of receipts.values()) await this.service.markDistributed(receipt);
  }

  /** An outbox as the 1:1 part of a send plan, its distributions as pending items. */
  private outboxPlan(outbox: GroupOutbox, alongside: SendPlan["alongside"]): SendPlan {
    const receipt = distributionReceipt(outbox);
    return {
      direct: outbox.messages.map((m) => ({ conversationId: this.conversationWith(m.to), body: m.plaintext, visible: false })),
      items: receipt ? receipt.members.map((member) => `${DIST}${receipt.groupId}:${receipt.chain}:${member}`) : [],
      alongside,
      coverGroup: outbox.groupId,
    };
  }
}
