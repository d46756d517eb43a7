import type { Address, Hex } from "viem";
import { GroupSenderNotAuthorizedError, NotGroupMemberError, UnknownGroupTopicError } from "../errors/groupErrors.ts";
import { groupDecrypt } from "./groupDecrypt.ts";
import { isMember } from "./groupGuards.ts";
import type { GroupWork } from "./GroupWork.ts";

/** The parts of a `Message` log a group message needs (a decoded `HushlogLog` has them all). */
export type GroupMessageLog = { tag: Hex; sender: Address; payload: Uint8Array };

export type ReceivedGroupMessage = {
  groupId: Hex;
  /** The member whose sender chain the message is on (and who signed it). */
  sender: Address;
  plaintext: Uint8Array;
  /** Unique per message: the same message delivered twice has the same position. */
  position: { topic: Hex; iteration: number };
};

/**
 * Decrypts one group message log. Checks, cheapest first, before any key is derived: the topic is a chain we hold
 * of a current member; the log's on-chain sender may post for that member; the signature verifies under the
 * chain's signing key. A failure throws a typed error and stages nothing.
 */
export async function receiveGroupMessage(work: GroupWork, log: GroupMessageLog): Promise<ReceivedGroupMessage> {
  const topic = log.tag.toLowerCase() as Hex;
  const found = await work.resolveTopic(topic);
  if (!found) throw new UnknownGroupTopicError(topic);
  const state = await work.group(found.groupId);
  const chain = state?.chains.find((c) => c.topic === topic);
  if (!state || state.left || !chain) throw new UnknownGroupTopicError(topic);
  if (!isMember(state.membership, chain.sender)) throw new NotGroupMemberError({ groupId: found.groupId, account: chain.sender });
  if (!(await work.ctx.allowsSender(chain.sender, log.sender))) {
    throw new GroupSenderNotAuthorizedError({ sender: log.sender, member: chain.sender });
  }
  const record = await work.senderKey(found.groupId, chain.sender);
  if (!record) throw new UnknownGroupTopicError(topic);
  const out = await groupDecrypt(record, log.payload, { topic, context: work.ctx.context, now: work.nowSeconds() });
  work.setSenderKey(found.groupId, chain.sender, out.record);
  return { groupId: found.groupId, sender: chain.sender, plaintext: out.plaintext, position: { topic, iteration: out.iteration } };
}
