/**
 * The tab title: "(unread) base", where the open screen sets the base ("0x12…abcd · Hushlog") and the unread count
 * comes from everything that waits. Kept apart so neither overwrites the other.
 */
const title = { base: "Hushlog", unread: 0 };

function write(): void {
  const count = title.unread > 99 ? "99+" : String(title.unread);
  document.title = title.unread > 0 ? `(${count}) ${title.base}` : title.base;
}

export function setTitleBase(base: string): void {
  title.base = base;
  write();
}

export function setTitleUnread(unread: number): void {
  title.unread = unread;
  write();
}
