import type { ThreadItem } from "hushlog";
import type { Address } from "viem";

/** How long a post stays editable and deletable: the library's EDIT_WINDOW_SECONDS (24 h), which receivers enforce. */
export const AMEND_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether to offer Edit and Delete on an item: our own post (plain texts carry no secret to prove authorship),
 * not deleted, within 24 h of its block (of when it was written, until included), the rule client.content applies
 * before sending. Offering them only then keeps the refusal rare; a page left open past the window still gets the
 * typed error, shown in words.
 */
export function amendable(item: ThreadItem, me: Address | undefined, now = Date.now()): boolean {
  const { message } = item;
  if (!me || item.deleted || message.direction !== "out" || message.decoded.type !== "post") return false;
  if (message.sender.toLowerCase() !== me.toLowerCase()) return false;
  const sentAt = message.timestamp !== null ? message.timestamp * 1000 : message.createdAt;
  return now - sentAt <= AMEND_WINDOW_MS;
}
