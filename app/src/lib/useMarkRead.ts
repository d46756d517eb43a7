import type { MessageView } from "hushlog";
import { useEffect } from "react";

/** Marks the open conversation read whenever it shows unread messages and the page is visible. */
export function useMarkRead(messages: MessageView[] | undefined, markRead: () => Promise<void>): void {
  const unread = messages?.filter((m) => !m.read).length ?? 0;
  useEffect(() => {
    if (unread === 0) return;
    const mark = () => {
      if (document.visibilityState === "visible") void markRead().catch(() => {});
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [unread, markRead]);
}
