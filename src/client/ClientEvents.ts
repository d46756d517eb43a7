import type { Address, Hex } from "viem";
import type { GroupEvent } from "../group/GroupEvent.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HandshakeRequestRecord } from "../store/HandshakeRequestStore.ts";
import type { MessageStatus } from "../store/MessageStore.ts";
import type { PendingKind, PendingStatus } from "../store/PendingStore.ts";
import type { MessageContent } from "./messageContent.ts";

/** A message as an app shows it. `content` is null when the body uses a content type this version cannot read. */
export type MessageView = {
  id: Hex;
  conversationId: Hex;
  direction: "in" | "out";
  sender: Address;
  content: MessageContent | null;
  status: MessageStatus;
  txHash: Hex | null;
  blockNumber: bigint | null;
  /** Block timestamp (unix seconds) once included. */
  timestamp: number | null;
  createdAt: number;
  read: boolean;
};

export type HandshakeRequestView = Omit<HandshakeRequestRecord, "payload"> & {
  /** A session with this account already exists: accepting replaces it (a re-handshake). */
  replacesConversation: boolean;
};

export type HandshakeEvent =
  | { type: "request"; request: HandshakeRequestView }
  | { type: "established"; conversationId: Hex; peer: KeyBinding; initiatedByUs: boolean; note: string | null }
  | { type: "declined"; requestId: string };

export type PendingEvent = {
  id: string;
  kind: PendingKind;
  status: PendingStatus | "confirmed";
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
  /** A stored message changed status (sent, included, confirmed, failed, reorged...). */
  status: { id: Hex; conversationId: Hex; status: MessageStatus };
  handshake: HandshakeEvent;
  /** A group changed: we joined or left it, members changed, a member's sender key arrived. */
  group: GroupEvent;
  pending: PendingEvent;
  sync: SyncProgress;
  rejected: RejectedLog;
  /** A background task (watch loop, receipt tracking) failed; it will retry. */
  error: { error: unknown };
};
