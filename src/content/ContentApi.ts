import type { Address, Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import type { ThreadItem } from "./buildThread.ts";

/** One thing to send. `chat` is a 1:1 conversation id or a group id. */
export type ContentAction =
  | { kind: "post"; chat: Hex; text: string; replyTo?: Hex | null; mentions?: readonly Address[] }
  | { kind: "react"; chat: Hex; target: Hex; emoji: string; remove?: boolean }
  | { kind: "edit"; chat: Hex; target: Hex; text: string }
  | { kind: "delete"; chat: Hex; target: Hex };

/**
 * Replies, reactions, edits, deletes, receipts and mentions (client.content). Every send is one transaction; `batch`
 * puts several 1:1 actions (a reaction and a reply, to one or several conversations) into one.
 */
export type ContentApi = {
  /**
   * A post: text that can later be edited or deleted (it carries a fresh message secret), optionally replying to a
   * message of the chat and mentioning accounts.
   *
   * @example
   * await client.content.post(conversationId, { text: "see you at 8", mentions: [bob] });
   */
  post(chat: Hex, post: { text: string; replyTo?: Hex | null; mentions?: readonly Address[] }): Promise<SendResult>;
  /** @example await client.content.reply(conversationId, messageId, "yes!"); */
  reply(chat: Hex, target: Hex, text: string, options?: { mentions?: readonly Address[] }): Promise<SendResult>;
  /** Sets our reaction to a message (one per sender: a new one replaces ours), or takes it back with `remove`. */
  react(chat: Hex, target: Hex, emoji: string, options?: { remove?: boolean }): Promise<SendResult>;
  /** Replaces the text of one of our posts, within EDIT_WINDOW_SECONDS of its block. */
  edit(chat: Hex, target: Hex, text: string): Promise<SendResult>;
  /** Deletes one of our posts for everyone, within EDIT_WINDOW_SECONDS of its block. */
  delete(chat: Hex, target: Hex): Promise<SendResult>;
  /**
   * Several 1:1 actions in ONE transaction (groups send one transaction per message).
   *
   * @example
   * await client.content.batch([{ kind: "react", chat, target, emoji: "👍" }, { kind: "post", chat, text: "on it", replyTo: target }]);
   */
  batch(actions: readonly ContentAction[]): Promise<SendResult>;
  /**
   * Read receipts, opt-in (they cost gas: one more message each): one receipt per 1:1 conversation with messages
   * read since our last receipt, all in ONE transaction. Null when there is nothing to acknowledge. Pass the
   * conversations to acknowledge (default: all).
   */
  sendReadReceipts(conversationIds?: readonly Hex[]): Promise<SendResult | null>;
  /** The chat as it reads: see buildThread. */
  thread(chat: Hex, options?: { limit?: number }): Promise<ThreadItem[]>;
};
