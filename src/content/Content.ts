import type { Address, Hex } from "viem";

/**
 * What a message carries above the ratchet: the decoded forms of every content type (wire format in
 * contentCodec.ts). Those that name another message do so by its id, which both ends derive from the ratchet
 * position (client/messageId.ts), so no id ever travels twice or needs a registry.
 */
export type TextContent = { type: "text"; text: string };

/**
 * A message people read: text, optionally a reply to another message of the chat and the accounts it mentions.
 * `secret` is the key of the proofs its later edits and deletes carry (see amendProof.ts); it is drawn by the
 * sender, travels encrypted with the post and never leaves the two (or the group's) ends.
 */
export type PostContent = { type: "post"; text: string; replyTo: Hex | null; mentions: readonly Address[]; secret: Uint8Array };

/** Adds (or with `remove`, takes back) the sender's reaction to a message. One reaction per sender and message. */
export type ReactionContent = { type: "reaction"; target: Hex; emoji: string; remove: boolean };

/** Replaces the text of one of the sender's own posts. `seq` orders edits of one post: the highest wins. */
export type EditContent = { type: "edit"; target: Hex; seq: number; text: string; proof: Uint8Array };

/** Deletes one of the sender's own posts for everyone. */
export type DeleteContent = { type: "delete"; target: Hex; proof: Uint8Array };

/** The sender has read these messages, and so every earlier one of the chat. Sent only when the user opts in. */
export type ReceiptContent = { type: "receipt"; read: readonly Hex[] };

/**
 * A message this version cannot read: a content type (or a version of one) from a newer peer, or bytes that do not
 * decode. Kept and shown as unsupported; it never stops the conversation.
 */
export type UnsupportedContent = { type: "unsupported"; contentType: number; reason: "unknown-type" | "unknown-version" | "malformed" };

export type MessageContent = TextContent | PostContent | ReactionContent | EditContent | DeleteContent | ReceiptContent;

export type DecodedContent = MessageContent | UnsupportedContent;

/** Content that amends, reacts to or acknowledges another message: folded into it, never shown on its own. */
export type AnnotationContent = ReactionContent | EditContent | DeleteContent | ReceiptContent;

export function isAnnotation(content: DecodedContent | null): content is AnnotationContent {
  return content?.type === "reaction" || content?.type === "edit" || content?.type === "delete" || content?.type === "receipt";
}
