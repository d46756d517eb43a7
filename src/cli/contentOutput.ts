import type { Address, Hex } from "viem";
import type { DecodedContent, MessageView, ThreadItem } from "../index.ts";

const short = (hex: string) => (hex.length > 14 ? `${hex.slice(0, 10)}…${hex.slice(-4)}` : hex);
/** The id prefix `read` prints and `reply`/`react`/`edit`/`delete` accept (any unique prefix works). */
export const shortId = (id: Hex) => id.slice(0, 10);
const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * What a message that is not read on its own says, as `watch` prints it when it arrives: "reacted 👍 to 0x12ab…".
 * Null for texts and posts (their text is the line).
 */
export function describeAnnotation(content: DecodedContent): string | null {
  switch (content.type) {
    case "reaction":
      return content.remove ? `took back ${content.emoji} on ${shortId(content.target)}` : `reacted ${content.emoji} to ${shortId(content.target)}`;
    case "edit":
      return `edited ${shortId(content.target)}: ${content.text}`;
    case "delete":
      return `deleted ${shortId(content.target)}`;
    case "receipt":
      return `read up to ${shortId(content.read.at(-1)!)} (read receipt)`;
    case "unsupported":
      return `(unsupported content type 0x${content.contentType.toString(16).padStart(2, "0")}: ${content.reason}; a newer Hushlog can show it)`;
    default:
      return null;
  }
}

/**
 * One item of `read`: id, time, sender, text, then what later messages said about it. Example:
 * `0x12ab34cd  2026-12-03 14:00:01  me → 0x2444…3945: lunch at 1?  (edited)  🍜×1  ✓ read  [final]`
 */
export function formatThreadItem(item: ThreadItem, when: string, who: string): string {
  const parts = [`${shortId(item.id)}  ${when}  ${who}: ${lineText(item)}`];
  if (item.replyTo) parts.push(`  ↪ reply to ${shortId(item.replyTo.id)}${item.replyTo.quoted ? ` "${clip(item.replyTo.quoted.deleted ? "(deleted)" : (item.replyTo.quoted.text ?? ""))}"` : " (not here)"}`);
  if (item.mentions.length) parts.push(`  @${item.mentions.map(short).join(" @")}`);
  if (item.edited && !item.deleted) parts.push(`  (edited${item.edited.count > 1 ? ` ${item.edited.count}×` : ""})`);
  if (item.reactions.length) parts.push(`  ${item.reactions.map((r) => `${r.emoji}×${r.senders.length}`).join(" ")}`);
  if (item.readBy.length) parts.push(`  ✓ read${item.readBy.length > 1 ? ` by ${item.readBy.length}` : ""}`);
  const status = item.message.direction === "out" || item.message.status !== "received" ? `  [${item.message.status}]` : "";
  return parts.join("") + status;
}

function lineText(item: ThreadItem): string {
  if (item.deleted) return "(deleted)";
  if (item.unsupported) return describeAnnotation(item.unsupported)!;
  return item.text ?? "";
}

/** The content fields of a message's JSON line (watch, read): its kind and what it names. */
export function contentJson(message: MessageView) {
  const c = message.decoded;
  return {
    kind: c.type,
    target: "target" in c ? c.target : null,
    replyTo: c.type === "post" ? c.replyTo : null,
    mentions: c.type === "post" ? c.mentions : [],
    emoji: c.type === "reaction" ? c.emoji : null,
    remove: c.type === "reaction" ? c.remove : null,
    editText: c.type === "edit" ? c.text : null,
    receiptFor: c.type === "receipt" ? c.read : [],
    unsupported: c.type === "unsupported" ? { contentType: c.contentType, reason: c.reason } : null,
  };
}

/** What `read --json` adds to a message line: the item's state after folding (see buildThread). */
export function threadItemJson(item: ThreadItem): { text: string | null; replyTo: Hex | null; quoted: string | null; mentions: readonly Address[]; edited: number; deleted: boolean; reactions: ThreadItem["reactions"]; readBy: Address[] } {
  return {
    text: item.text,
    replyTo: item.replyTo?.id ?? null,
    quoted: item.replyTo?.quoted?.text ?? null,
    mentions: item.mentions,
    edited: item.edited?.count ?? 0,
    deleted: item.deleted,
    reactions: item.reactions,
    readBy: item.readBy,
  };
}
