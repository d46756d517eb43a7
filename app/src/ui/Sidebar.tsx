import { useConversations, useGroups, useHandshakeRequests, useSendingKey } from "hushlog/react";
import { useOutgoingRequests } from "../lib/outgoingRequests.ts";
import { previewText } from "../lib/previewText.ts";
import { routeHash, type Route } from "../lib/useHashRoute.ts";
import { NotificationToggle } from "./NotificationToggle.tsx";
import { PeerName } from "./PeerName.tsx";

function preview(text: string | undefined): string {
  if (text === undefined) return "";
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function Unread({ count, label = "unread" }: { count: number; label?: string }) {
  if (count === 0) return null;
  return (
    <span className="badge" aria-label={`${count} ${label}`}>
      {count >= 100 ? "99+" : count}
    </span>
  );
}

export function Sidebar({ route, navigate, scopeKey }: { route: Route; navigate: (route: Route) => void; scopeKey: string }) {
  const conversations = useConversations();
  const groups = useGroups();
  const requests = useHandshakeRequests();
  const sendingKey = useSendingKey();
  const [outgoing] = useOutgoingRequests(scopeKey);
  const established = new Set(conversations.data?.map((c) => c.conversationId.toLowerCase()));
  const waiting = outgoing.filter((r) => !established.has(r.conversationId.toLowerCase()));
  const pendingRequests = requests.data?.length ?? 0;
  const current = (r: Route) => (routeHash(r) === routeHash(route) ? "page" : undefined);
  return (
    <nav className="sidebar" aria-label="Conversations">
      <div className="stack">
        <button type="button" onClick={() => navigate({ view: "new-chat" })}>
          New conversation
        </button>
        <button type="button" className="secondary" onClick={() => navigate({ view: "new-group" })}>
          New group
        </button>
      </div>
      <a className="nav-item" href={routeHash({ view: "requests" })} aria-current={current({ view: "requests" })}>
        <span>Requests</span>
        <Unread count={pendingRequests} label="waiting" />
      </a>
      <a className="nav-item" href={routeHash({ view: "devices" })} aria-current={current({ view: "devices" })}>
        <span>Devices</span>
        {/* Warn before the key runs dry (SENDING_KEY_LOW_MESSAGES), only once it is in use. */}
        {sendingKey.active && sendingKey.data?.low && (
          <span className="badge" aria-label="sending key low">
            low
          </span>
        )}
      </a>
      <h2>Conversations</h2>
      <ul className="list">
        {conversations.data?.map((c) => (
          <li key={c.conversationId}>
            <a className="nav-item" href={routeHash({ view: "chat", id: c.conversationId })} aria-current={current({ view: "chat", id: c.conversationId })}>
              <span className="nav-text">
                <span className="nav-title">
                  <PeerName address={c.peer} />
                </span>
                <span className="nav-preview">{c.status === "revoked" ? "Closed by their account" : preview(previewText(c.lastMessage))}</span>
              </span>
              <Unread count={c.unread} />
            </a>
          </li>
        ))}
        {waiting.map((r) => (
          <li key={r.conversationId}>
            <a className="nav-item waiting" href={routeHash({ view: "chat", id: r.conversationId })} aria-current={current({ view: "chat", id: r.conversationId })}>
              <span className="nav-text">
                <span className="nav-title">
                  <PeerName address={r.peer} />
                </span>
                <span className="nav-preview">Waiting for them to accept</span>
              </span>
            </a>
          </li>
        ))}
        {conversations.data?.length === 0 && waiting.length === 0 && <li className="muted small">None yet.</li>}
      </ul>
      <h2>Groups</h2>
      <ul className="list">
        {groups.data?.map((g) => (
          <li key={g.groupId}>
            <a className="nav-item" href={routeHash({ view: "group", id: g.groupId })} aria-current={current({ view: "group", id: g.groupId })}>
              <span className="nav-text">
                <span className="nav-title">
                  {g.name || "Unnamed group"}
                  {g.left ? " (removed)" : ""}
                </span>
                <span className="nav-preview">{preview(previewText(g.lastMessage)) || `${g.members.length} members`}</span>
              </span>
              <Unread count={g.unread} />
            </a>
          </li>
        ))}
        {groups.data?.length === 0 && <li className="muted small">None yet.</li>}
      </ul>
      <div className="sidebar-footer">
        <NotificationToggle />
      </div>
    </nav>
  );
}
