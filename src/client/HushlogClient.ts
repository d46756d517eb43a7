import type { Address, Hex } from "viem";
import type { GroupInfo } from "../group/GroupService.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HandshakeRequestStatus } from "../store/HandshakeRequestStore.ts";
import type { PendingKind, PendingStatus } from "../store/PendingStore.ts";
import type { HandshakeRequestView, HushlogEvents, MessageView } from "./ClientEvents.ts";
import type { OutgoingMessage, SendResult } from "./MessageSender.ts";
import type { ContentApi } from "../content/ContentApi.ts";
import type { AppStateApi } from "./AppStateApi.ts";
import type { MessageContent } from "./messageContent.ts";
import type { SyncOptions, SyncResult } from "./SyncEngine.ts";

export type ConversationView = {
  conversationId: Hex;
  peer: Address;
  /** The peer's key binding (its keys and delegates). */
  binding: KeyBinding;
  /** "revoked": the peer's account no longer authorises the device of this conversation; nothing more is exchanged. */
  status: "active" | "revoked";
  unread: number;
  lastMessage: MessageView | null;
};

export type PendingView = {
  id: string;
  kind: PendingKind;
  status: PendingStatus;
  txHash: Hex | null;
  conversationIds: Hex[];
  itemIds: string[];
  attempts: number;
  error: string | null;
  createdAt: number;
};

/** A Hushlog account on one chain and contract: conversations, messages and the transactions carrying them. */
export type HushlogClient = {
  readonly account: Address;
  readonly chainId: number;
  readonly contract: Address;
  /**
   * Starts a conversation with `peer`. When the peer has published prekeys: one transaction carrying the handshake
   * and `message` (encrypted; the peer may be offline), and the conversation exists at once (`mode: "prekey"`).
   * Otherwise the interactive handshake with an optional PUBLIC `note`; the conversation exists once the peer's
   * response is synced (`mode: "interactive"`).
   */
  startConversation(
    peer: Address,
    options?: { note?: string; message?: string },
  ): Promise<{ mode: "prekey" | "interactive"; handshakeId: Hex; conversationId: Hex }>;
  /**
   * Accepts a request (`requests()`): an interactive one posts the response; a prekey one (a stranger's first contact,
   * or a session under a changed identity key) becomes the conversation at once, with the messages it held.
   */
  acceptHandshake(requestId: string, options?: { note?: string }): Promise<{ conversationId: Hex }>;
  /** Declines a request: nothing is sent; a prekey request's held session and messages are deleted. */
  declineHandshake(requestId: string): Promise<void>;
  /** Blocks an account: its pending requests are declined and its logs are dropped before any cryptography. */
  block(account: Address): Promise<void>;
  unblock(account: Address): Promise<void>;
  blocked(): Promise<Address[]>;
  /**
   * The safety number of our conversation with `peer` (60 digits): compare it with the peer's over another channel
   * to know nobody sits between you. Null when there is no conversation. See `safetyNumber`.
   */
  safetyNumber(peer: Address): Promise<string | null>;
  /** The key binding this client publishes and sends (it follows the chain when a newer one authorises this device). */
  binding(): KeyBinding;
  /**
   * Installs a binding the user just signed (a renewal, or a re-authorisation after ours was replaced on chain) and
   * publishes it.
   */
  replaceBinding(binding: KeyBinding): Promise<void>;
  sendMessage(conversationId: Hex, content: MessageContent | string): Promise<SendResult>;
  /** Several messages, possibly to several conversations, in one transaction. */
  sendMessages(messages: readonly OutgoingMessage[]): Promise<SendResult>;
  /**
   * Creates a group with us as creator. Every member needs a 1:1 conversation with us (their keys travel over
   * it); the members learn of the group when the transaction is synced.
   */
  createGroup(options: { name?: string; members: readonly Address[] }): Promise<{ groupId: Hex } & SendResult>;
  /** Creator only. Added members get the current keys, no history. */
  addGroupMembers(groupId: Hex, members: readonly Address[]): Promise<SendResult>;
  /** Creator only. Every remaining sender rotates its key; the removed cannot read what follows. */
  removeGroupMembers(groupId: Hex, members: readonly Address[]): Promise<SendResult>;
  /** One transaction whatever the group's size (plus the key for members that lack it). */
  sendGroupMessage(groupId: Hex, content: MessageContent | string): Promise<SendResult>;
  groups(): Promise<GroupInfo[]>;
  /** Re-broadcasts the exact bytes of a failed, reverted or dropped transaction. */
  retry(pendingId: string): Promise<void>;
  /** Reads the chain from the stored cursor to the head (or `toBlock`); safe to call any time. */
  sync(options?: SyncOptions): Promise<SyncResult>;
  /** Keeps syncing as blocks arrive, until the returned function is called or `signal` aborts. */
  watch(options?: { pollingInterval?: number; signal?: AbortSignal }): () => void;
  conversations(): Promise<ConversationView[]>;
  /**
   * The account's current binding (its device list) as this client last read it from the chain: after `sync()`, the
   * chain's newest valid one; null when the account has none. It may not list this device (then it was revoked).
   */
  currentBinding(): Promise<KeyBinding | null>;
  /** A conversation's or a group's messages (pass the group id). */
  messages(conversationId: Hex, options?: { limit?: number; before?: Hex }): Promise<MessageView[]>;
  markRead(conversationId: Hex): Promise<void>;
  requests(status?: HandshakeRequestStatus): Promise<HandshakeRequestView[]>;
  pendingTransactions(): Promise<PendingView[]>;
  /** The id a conversation with `peer` has (or will have once established). */
  conversationWith(peer: Address): Hex;
  /** Replies, reactions, edits, deletes, read receipts and mentions, and the chat folded for display (src/content). */
  content: ContentApi;
  /** Nicknames, mutes, blocks and read markers that follow the account across its devices (app-state sync). */
  appState: AppStateApi;
  on<K extends keyof HushlogEvents>(event: K, listener: (payload: HushlogEvents[K]) => void): () => void;
  /**
   * Stops watching, aborts reads in flight, and forgets cached state; the store stays open (it belongs to the
   * caller). Sending, syncing, watching and retrying on a closed client throw ClientClosedError.
   */
  close(): Promise<void>;
};
