import type { Address, Hex } from "viem";
import type { GroupEvent } from "../group/GroupEvent.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HandshakeRequestRecord } from "../store/HandshakeRequestStore.ts";
import type { MessageStatus } from "../store/MessageStore.ts";
import type { PendingKind, PendingStatus } from "../store/PendingStore.ts";
import type { DecodedContent, TextContent } from "../content/Content.ts";

/**
 * A message as stored, decoded. `decoded` is its full content (a reaction, an edit... or `unsupported`); `content`
 * is its readable text, for a plain text or a post, and null for everything else. Replies, reactions, edits,
 * deletes and receipts are folded into the messages they name by `buildThread` (client.content.thread).
 */
export type MessageView = {
  id: Hex;
  conversationId: Hex;
  direction: "in" | "out";
  sender: Address;
  content: TextContent | null;
  decoded: DecodedContent;
  status: MessageStatus;
  txHash: Hex | null;
  blockNumber: bigint | null;
  /** Block timestamp (unix seconds) once included. */
  timestamp: number | null;
  createdAt: number;
  read: boolean;
};

export type HandshakeRequestView = Omit<HandshakeRequestRecord, "payload" | "kind" | "deviceKey" | "replacesKey" | "conversationId"> & {
  kind: "interactive" | "prekey";
  /** A session with this account already exists: accepting replaces it (a re-handshake). */
  replacesConversation: boolean;
  /**
   * The account's identity key differs from the one pinned for it (a key change): accepting replaces the pinned key.
   * Compare the safety number with the peer before accepting.
   */
  keyChanged: boolean;
  /** The safety number the conversation would have (compare it with the peer's); null for requests from before v2. */
  safetyNumber: string | null;
  /** A prekey request's first message (and any that followed), kept but not shown as a conversation yet. */
  messages: MessageView[];
};

export type HandshakeEvent =
  | { type: "request"; request: HandshakeRequestView }
  | { type: "established"; conversationId: Hex; peer: KeyBinding; initiatedByUs: boolean; note: string | null }
  | { type: "declined"; requestId: string };

/**
 * An account's identity key is not the one pinned for it: a new device, a reinstall, or someone who obtained a
 * signature from its wallet. Nothing under the new key is shown until the user accepts the request (`requestId`);
 * the two safety numbers let the user compare with the peer over another channel.
 */
export type KeyChangeEvent = {
  peer: Address;
  conversationId: Hex;
  previousKey: Hex;
  newKey: Hex;
  previousSafetyNumber: string;
  newSafetyNumber: string;
  requestId: string | null;
};

/** What the chain's key bindings changed for us. */
export type BindingEvent =
  /** Our binding was published (now current) or replaced by a newer one that still authorises this device. */
  | { type: "current"; sequence: bigint; expiresAt: bigint }
  /**
   * A newer device list of our account, which still names this device, was adopted and adds or removes devices
   * (device codes): linked or revoked on another device. A device the user did not link is a phished signature:
   * revoke it from here.
   */
  | { type: "devices-changed"; sequence: bigint; added: string[]; removed: string[] }
  /** Our account's current binding does not authorise this device: nothing is sent until the user re-authorises it. */
  | { type: "not-authorized"; sequence: bigint; devices: number }
  /** Our binding expires soon: sign a new one (`client.replaceBinding`). */
  | { type: "renewal-due"; expiresAt: bigint }
  /** A peer's current binding no longer lists the device of this conversation: it is closed. */
  | { type: "peer-revoked"; peer: Address; conversationId: Hex }
  /** The peer's account authorised that device again (it outbid a binding it did not want): the conversation resumes. */
  | { type: "peer-restored"; peer: Address; conversationId: Hex };

export type PendingEvent = {
  id: string;
  kind: PendingKind;
  /** `final`: the record is deleted (see PendingStatus for the others). */
  status: PendingStatus | "final";
  txHash: Hex | null;
  conversationIds: Hex[];
  itemIds: string[];
  error: string | null;
};

export type SyncProgress = {
  fromBlock: bigint;
  toBlock: bigint;
  /** Last block fully processed. */
  currentBlock: bigint;
  /** Messages received so far in this sync call. */
  messages: number;
  done: boolean;
};

/** A log that was read but not accepted, and why (a stable error code). Nothing was stored for it. */
export type RejectedLog = {
  reason: string;
  message: string;
  event: string;
  sender: Address;
  transactionHash: Hex;
  logIndex: number;
  blockNumber: bigint;
};

export type HushlogEvents = {
  message: MessageView;
  /** An incoming message whose sender the user has not muted (app-state sync's mutes): what an app notifies. */
  notification: MessageView;
  /** Our other devices' settings were applied (app-state sync): `applied` patches, now at `version`. */
  appState: { applied: number; version: number };
  /** A stored message changed status (sent, included, confirmed, failed, reorged...). */
  status: { id: Hex; conversationId: Hex; status: MessageStatus };
  handshake: HandshakeEvent;
  keyChange: KeyChangeEvent;
  binding: BindingEvent;
  /** A group changed: we joined or left it, members changed, a member's sender key arrived. */
  group: GroupEvent;
  pending: PendingEvent;
  sync: SyncProgress;
  rejected: RejectedLog;
  /** A background task (watch loop, receipt tracking) failed; it will retry. */
  error: { error: unknown };
};
