import { useConversations, useGroups, useHandshakeRequests } from "hushlog/react";
import { useEffect, useRef } from "react";
import { notifyWhenHidden } from "../lib/notifyWhenHidden.ts";
import { setTitleUnread } from "../lib/pageTitle.ts";

/**
 * The tab's title carries what waits ("(3) Hushlog": unread messages plus requests), as chat apps do, and a rise in
 * it while the tab is hidden becomes a browser notification (when the person allowed them). Renders nothing.
 */
export function UnreadTitle() {
  const conversations = useConversations();
  const groups = useGroups();
  const requests = useHandshakeRequests();
  const unread =
    (conversations.data?.reduce((n, c) => n + c.unread, 0) ?? 0) + (groups.data?.reduce((n, g) => n + g.unread, 0) ?? 0) + (requests.data?.length ?? 0);
  const previous = useRef<number | null>(null);
  useEffect(() => {
    setTitleUnread(unread);
    // The first count after unlocking is history, not news.
    if (previous.current !== null && unread > previous.current) notifyWhenHidden(unread - previous.current);
    previous.current = unread;
  }, [unread]);
  return null;
}
