import { useConversations, useGroups, useHandshakeRequests, useMutedAccounts } from "hushlog/react";
import { useEffect, useRef } from "react";
import { notifyWhenHidden } from "../lib/notifyWhenHidden.ts";
import { unreadCounts } from "../lib/unreadCounts.ts";
import { setTitleUnread } from "../lib/pageTitle.ts";

/**
 * The tab's title carries what waits ("(3) Hushlog": unread messages plus requests), as chat apps do, and a rise in
 * what is not muted, while the tab is hidden, becomes a browser notification (when the person allowed them). A muted
 * contact's messages still count in the title. Renders nothing.
 */
export function UnreadTitle() {
  const conversations = useConversations();
  const groups = useGroups();
  const requests = useHandshakeRequests();
  const muted = useMutedAccounts();
  const { title: unread, audible } = unreadCounts({
    conversations: conversations.data ?? [],
    groups: groups.data ?? [],
    requests: requests.data?.length ?? 0,
    muted: muted.data ?? [],
  });
  const previous = useRef<number | null>(null);
  useEffect(() => setTitleUnread(unread), [unread]);
  const loaded = conversations.isSuccess && groups.isSuccess && requests.isSuccess && muted.isSuccess;
  useEffect(() => {
    // The first full count after unlocking is history, not news (nor is a count still missing a query's data).
    if (!loaded) return;
    if (previous.current !== null && audible > previous.current) notifyWhenHidden(audible - previous.current);
    previous.current = audible;
  }, [audible, loaded]);
  return null;
}
