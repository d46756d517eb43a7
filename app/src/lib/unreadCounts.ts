import type { Address } from "viem";

/**
 * What waits, twice: `title` counts every unread message and request (the tab title tells the truth), `audible` leaves
 * out the unread messages of muted contacts (a rise in it is what may become a notification).
 *
 * @example
 * unreadCounts({ conversations: [{ peer, unread: 2 }], groups: [], requests: 1, muted: [peer] }); // { title: 3, audible: 1 }
 */
export function unreadCounts(parts: {
  conversations: readonly { peer: Address; unread: number }[];
  groups: readonly { unread: number }[];
  requests: number;
  muted: readonly Address[];
}): { title: number; audible: number } {
  const muted = new Set(parts.muted.map((a) => a.toLowerCase()));
  let title = parts.requests;
  let silent = 0;
  for (const c of parts.conversations) {
    title += c.unread;
    if (muted.has(c.peer.toLowerCase())) silent += c.unread;
  }
  for (const g of parts.groups) title += g.unread;
  return { title, audible: title - silent };
}
