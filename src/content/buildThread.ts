import type { Address, Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import { EDIT_WINDOW_SECONDS } from "../constants.ts";
import { verifyAmendProof, type Amendment } from "./amendProof.ts";
import type { UnsupportedContent } from "./Content.ts";

/** A message as a chat shows it, with everything later messages said about it folded in. */
export type ThreadItem = {
  id: Hex;
  /** The stored message (status, transaction, times, direction, sender). */
  message: MessageView;
  /** The text to show now: the latest edit's, or the original; null once deleted or when unsupported. */
  text: string | null;
  /** The message this one replies to, and what it says now (null when this client does not have it). */
  replyTo: { id: Hex; quoted: { sender: Address; text: string | null; deleted: boolean } | null } | null;
  mentions: readonly Address[];
  /** One entry per emoji, in order of first use; each sender counts once (its latest reaction). */
  reactions: { emoji: string; senders: Address[] }[];
  /** Set once edited: how many accepted edits, and the latest one's block time (seconds; null until included). */
  edited: { count: number; at: number | null } | null;
  deleted: boolean;
  /** Outgoing: the accounts whose read receipt covers it (they read it or a later message). */
  readBy: Address[];
  /** Set for a message this version cannot read (a newer peer's content type): shown as unsupported. */
  unsupported: UnsupportedContent | null;
};

/**
 * Folds a chat's messages (in display order, as client.messages returns them) into what a chat shows: texts and
 * posts become items; reactions, edits, deletes and receipts change the items they name and are not shown on their
 * own; unknown content types become "unsupported" items. Pure and total: an annotation naming a message that is not
 * in `messages` is ignored; an edit or delete counts only if the receive path's rules hold here too (author, proof
 * under the post's secret, block times within the window), which also covers our own sent ones, that no receive
 * path checked; the highest edit sequence wins (the later one on a tie), and a delete wins over every edit.
 *
 * @example
 * const items = buildThread(await client.messages(conversationId, { limit: 200 }));
 */
export function buildThread(messages: readonly MessageView[]): ThreadItem[] {
  const items = new Map<string, ThreadItem>();
  const order: ThreadItem[] = [];
  const editSeq = new Map<string, number>();
  const reactions = new Map<string, Map<string, { sender: Address; emoji: string }>>();
  const receipts: { sender: Address; read: readonly Hex[] }[] = [];
  const key = (id: string) => id.toLowerCase();
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

  for (const message of messages) {
    const content = message.decoded;
    switch (content.type) {
      case "text":
      case "post":
      case "unsupported": {
        const item: ThreadItem = {
          id: message.id,
          message,
          text: content.type === "unsupported" ? null : content.text,
          replyTo: content.type === "post" && content.replyTo ? { id: content.replyTo, quoted: null } : null,
          mentions: content.type === "post" ? content.mentions : [],
          reactions: [],
          edited: null,
          deleted: false,
          readBy: [],
          unsupported: content.type === "unsupported" ? content : null,
        };
        items.set(key(message.id), item);
        order.push(item);
        break;
      }
      case "reaction": {
        const target = items.get(key(content.target));
        if (!target) break;
        const bySender = reactions.get(key(target.id)) ?? new Map();
        reactions.set(key(target.id), bySender);
        const current = bySender.get(key(message.sender));
        if (!content.remove) bySender.set(key(message.sender), { sender: message.sender, emoji: content.emoji });
        else if (current?.emoji === content.emoji) bySender.delete(key(message.sender));
        break;
      }
      case "edit": {
        const target = items.get(key(content.target));
        const amendment = { kind: "edit" as const, target: content.target, seq: content.seq, text: content.text };
        if (!target || target.deleted || !authorised(target.message, message, amendment, content.proof)) break;
        const count = (target.edited?.count ?? 0) + 1;
        if (content.seq >= (editSeq.get(key(target.id)) ?? 0)) {
          editSeq.set(key(target.id), content.seq);
          target.text = content.text;
          target.edited = { count, at: message.timestamp };
        } else {
          target.edited = { count, at: target.edited?.at ?? null };
        }
        break;
      }
      case "delete": {
        const target = items.get(key(content.target));
        if (!target || !authorised(target.message, message, { kind: "delete", target: content.target }, content.proof)) break;
        target.deleted = true;
        target.text = null;
        target.mentions = [];
        break;
      }
      case "receipt":
        if (message.direction === "in") receipts.push({ sender: message.sender, read: content.read });
        break;
    }
  }

  for (const item of order) {
    const byEmoji = new Map<string, Address[]>();
    for (const { sender, emoji } of reactions.get(key(item.id))?.values() ?? []) byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), sender]);
    item.reactions = [...byEmoji].map(([emoji, senders]) => ({ emoji, senders }));
    if (item.replyTo) {
      const quoted = items.get(key(item.replyTo.id));
      item.replyTo.quoted = quoted ? { sender: quoted.message.sender, text: quoted.text, deleted: quoted.deleted } : null;
    }
  }
  // A receipt covers the messages it names and every earlier one: the reader saw the chat up to there.
  for (const { sender, read } of receipts) {
    const last = Math.max(...read.map((id) => order.findIndex((item) => same(item.id, id))));
    for (let i = 0; i <= last; i++) {
      const item = order[i]!;
      if (item.message.direction === "out" && !item.readBy.some((a) => same(a, sender))) item.readBy.push(sender);
    }
  }
  return order;
}

/**
 * The receive path's rules (admitContent) on stored messages: same author, a proof that verifies under the secret
 * inside the post, and block times within EDIT_WINDOW_SECONDS (an amendment not yet included counts meanwhile).
 */
function authorised(post: MessageView, amend: MessageView, amendment: Amendment, proof: Uint8Array): boolean {
  if (post.decoded.type !== "post" || post.sender.toLowerCase() !== amend.sender.toLowerCase()) return false;
  if (post.timestamp !== null && amend.timestamp !== null && amend.timestamp - post.timestamp > EDIT_WINDOW_SECONDS) return false;
  return verifyAmendProof(post.decoded.secret, amendment, proof);
}
