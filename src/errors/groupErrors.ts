import type { Address, Hex } from "viem";
import { BaseError } from "./BaseError.ts";

/*
 * Errors of groups (sender keys, membership). Messages carry only public values: group ids, accounts, topics,
 * counts and message positions — never a key, a chain secret or plaintext.
 */

/** No group with this id is known to this account. */
export class GroupNotFoundError extends BaseError<"GROUP_NOT_FOUND"> {
  override name = "GroupNotFoundError";
  readonly groupId: Hex;
  constructor(groupId: Hex) {
    super("GROUP_NOT_FOUND", `No group ${groupId}.`);
    this.groupId = groupId;
  }
}

/** A group message's topic belongs to no sender-key state we hold (unknown, rotated out, or never distributed to us). */
export class UnknownGroupTopicError extends BaseError<"GROUP_UNKNOWN_TOPIC"> {
  override name = "UnknownGroupTopicError";
  constructor(topic: Hex) {
    super("GROUP_UNKNOWN_TOPIC", `No sender key of any group member posts on topic ${topic}.`);
  }
}

/** The account is not (or no longer) a member of the group: its messages are refused and it cannot be addressed. */
export class NotGroupMemberError extends BaseError<"GROUP_NOT_MEMBER"> {
  override name = "NotGroupMemberError";
  readonly account: Address;
  constructor({ groupId, account }: { groupId: Hex; account: Address }) {
    super("GROUP_NOT_MEMBER", `${account} is not a member of group ${groupId}.`);
    this.account = account;
  }
}

/** The log's on-chain sender may not submit for the group member whose sender key the topic names. */
export class GroupSenderNotAuthorizedError extends BaseError<"GROUP_SENDER_NOT_AUTHORIZED"> {
  override name = "GroupSenderNotAuthorizedError";
  constructor({ sender, member }: { sender: Address; member: Address }) {
    super("GROUP_SENDER_NOT_AUTHORIZED", `Transaction sender ${sender} may not post group messages for ${member}.`);
  }
}

/** The group message's signature does not verify under the sender key's signing key (forged or altered). */
export class GroupSignatureError extends BaseError<"GROUP_BAD_SIGNATURE"> {
  override name = "GroupSignatureError";
  constructor() {
    super("GROUP_BAD_SIGNATURE", "The group message signature does not verify (forged or altered).");
  }
}

/**
 * No key for this message: it was already decrypted (a duplicate or replay), or its key was evicted or predates
 * the key we were given. `topic` and `iteration` identify the message, so a caller can match a duplicate.
 */
export class GroupMessageKeyUnavailableError extends BaseError<"GROUP_KEY_UNAVAILABLE"> {
  override name = "GroupMessageKeyUnavailableError";
  readonly topic: Hex;
  readonly iteration: number;
  constructor({ topic, iteration }: { topic: Hex; iteration: number }) {
    super("GROUP_KEY_UNAVAILABLE", `No key for group message ${iteration} on ${topic}: already decrypted, evicted or before our key.`);
    this.topic = topic;
    this.iteration = iteration;
  }
}

/** The message is further ahead of its sender chain than MAX_FORWARD_JUMP. */
export class GroupTooFarAheadError extends BaseError<"GROUP_TOO_FAR_AHEAD"> {
  override name = "GroupTooFarAheadError";
  constructor({ jump, max }: { jump: number; max: number }) {
    super("GROUP_TOO_FAR_AHEAD", `Group message is ${jump} steps ahead of its sender chain (limit ${max}).`);
  }
}

/** A sender chain's iteration counter reached its maximum: continuing would wrap and reuse message keys. */
export class SenderChainExhaustedError extends BaseError<"GROUP_CHAIN_EXHAUSTED"> {
  override name = "SenderChainExhaustedError";
  constructor() {
    super("GROUP_CHAIN_EXHAUSTED", "The sender chain reached its maximum iteration; a new sender key is needed.");
  }
}

/** A membership record or change did not come from the group's creator (the only account that manages members). */
export class NotGroupCreatorError extends BaseError<"GROUP_NOT_CREATOR"> {
  override name = "NotGroupCreatorError";
  constructor({ groupId, account }: { groupId: Hex; account: Address }) {
    super("GROUP_NOT_CREATOR", `${account} did not create group ${groupId} and cannot change its members.`);
  }
}

/** A membership change is not valid against the current members (adds a member twice, removes a non-member or the creator). */
export class InvalidMembershipChangeError extends BaseError<"GROUP_INVALID_CHANGE"> {
  override name = "InvalidMembershipChangeError";
  constructor(reason: string) {
    super("GROUP_INVALID_CHANGE", `Invalid membership change: ${reason}.`);
  }
}

/**
 * After applying a membership change, our member set does not hash to the digest the creator sent: our record
 * diverged from the creator's. Nothing was applied; the creator can send a full record (`resendMembership`).
 */
export class MembershipDivergedError extends BaseError<"GROUP_MEMBERSHIP_DIVERGED"> {
  override name = "MembershipDivergedError";
  constructor({ groupId, epoch }: { groupId: Hex; epoch: number }) {
    super("GROUP_MEMBERSHIP_DIVERGED", `Membership of group ${groupId} at epoch ${epoch} does not match the creator's.`);
  }
}

/** A group limit was reached (members, name length, number of groups, held changes). */
export class GroupLimitError extends BaseError<"GROUP_LIMIT"> {
  override name = "GroupLimitError";
  constructor({ what, size, max }: { what: string; size: number; max: number }) {
    super("GROUP_LIMIT", `Too many ${what}: ${size} (limit ${max}).`);
  }
}

/**
 * Group state changed in the store between the moment an operation read it and its commit (another tab, process
 * or task moved it first). Nothing was written: prepare the operation again.
 */
export class GroupStateConflictError extends BaseError<"GROUP_STATE_CONFLICT"> {
  override name = "GroupStateConflictError";
  constructor(what: string) {
    super("GROUP_STATE_CONFLICT", `Group state (${what}) changed since it was read; prepare the operation again.`);
  }
}

/**
 * A group announced to us for the first time under an id its creator could not have made (docs/protocol.md, groups:
 * ids are bound to their creator). Someone is trying to take over an id they learnt as a member.
 */
export class GroupIdNotBoundError extends BaseError<"GROUP_ID_NOT_BOUND"> {
  override name = "GroupIdNotBoundError";
  constructor({ groupId, creator }: { groupId: Hex; creator: Address }) {
    super("GROUP_ID_NOT_BOUND", `Group ${groupId} is not an id ${creator} could have created.`);
  }
}
