import type { MessageView } from "hushlog";

/** Messages closer than this, from the same sender, form one group of bubbles (one sender name, one tail). */
const GROUP_WINDOW_MS = 5 * 60 * 1000;

export type MessageRow =
  | { type: "day"; key: string; label: string }
  | { type: "message"; message: MessageView; first: boolean; last: boolean };

/** When a message happened: its block's time once included, until then when it was written here. */
export const messageMs = (m: MessageView) => (m.timestamp !== null ? m.timestamp * 1000 : m.createdAt);

function dayLabel(ms: number, now: number): string {
  const day = new Date(ms);
  const today = new Date(now);
  const yesterday = new Date(now - 24 * 60 * 60 * 1000);
  const same = (a: Date, b: Date) => a.toDateString() === b.toDateString();
  if (same(day, today)) return "Today";
  if (same(day, yesterday)) return "Yesterday";
  return day.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", ...(day.getFullYear() === today.getFullYear() ? {} : { year: "numeric" }) });
}

/**
 * The rows of a chat: a date separator before each new day, and each message marked first/last of its group
 * (same sender, same day, less than five minutes apart), as the chat apps people know group their bubbles.
 */
export function messageRows(messages: readonly MessageView[], now = Date.now()): MessageRow[] {
  const rows: MessageRow[] = [];
  let previous: MessageView | undefined;
  let previousRow: Extract<MessageRow, { type: "message" }> | undefined;
  for (const message of messages) {
    const ms = messageMs(message);
    const newDay = !previous || new Date(messageMs(previous)).toDateString() !== new Date(ms).toDateString();
    if (newDay) rows.push({ type: "day", key: `day-${new Date(ms).toDateString()}`, label: dayLabel(ms, now) });
    const joins = !newDay && previous !== undefined && previous.sender.toLowerCase() === message.sender.toLowerCase() && previous.direction === message.direction && ms - messageMs(previous) < GROUP_WINDOW_MS;
    if (previousRow && !joins) previousRow.last = true;
    const row = { type: "message" as const, message, first: !joins, last: false };
    rows.push(row);
    previous = message;
    previousRow = row;
  }
  if (previousRow) previousRow.last = true;
  return rows;
}
