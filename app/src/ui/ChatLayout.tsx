import { useHushlogClient } from "hushlog/react";
import { routeHash, type Route } from "../lib/useHashRoute.ts";
import type { ReadyApp } from "./App.tsx";
import { BindingNotice } from "./BindingNotice.tsx";
import { ChatView } from "./ChatView.tsx";
import { DevicesView } from "./DevicesView.tsx";
import { FailedTransactions } from "./FailedTransactions.tsx";
import { GroupView } from "./GroupView.tsx";
import { KeyChangeWarnings } from "./KeyChangeWarnings.tsx";
import { NewConversation } from "./NewConversation.tsx";
import { NewGroup } from "./NewGroup.tsx";
import { RequestsView } from "./RequestsView.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { SyncBanner } from "./SyncBanner.tsx";
import { UnreadTitle } from "./UnreadTitle.tsx";
import { VerifyView } from "./VerifyView.tsx";

/** The unlocked app: conversations, groups and requests on the side, the open one in the main pane. */
export function ChatLayout({ app, route, navigate }: { app: ReadyApp; route: Route; navigate: (route: Route) => void }) {
  const { scope } = useHushlogClient();
  const scopeKey = `${app.chain.storeName}.${scope?.account.toLowerCase() ?? ""}`;
  let pane;
  switch (route.view) {
    case "chat":
      pane = <ChatView key={route.id} conversationId={route.id} scopeKey={scopeKey} />;
      break;
    case "group":
      pane = <GroupView key={route.id} groupId={route.id} />;
      break;
    case "requests":
      pane = <RequestsView navigate={navigate} />;
      break;
    case "verify":
      pane = <VerifyView key={route.peer} peer={route.peer} />;
      break;
    case "new-chat":
      pane = <NewConversation scopeKey={scopeKey} navigate={navigate} />;
      break;
    case "new-group":
      pane = <NewGroup navigate={navigate} />;
      break;
    case "devices":
      pane = <DevicesView />;
      break;
    default:
      pane = (
        <div className="empty empty-state">
          <h1>Your conversations</h1>
          <p>Pick a conversation, answer a request, or start a new conversation with any address.</p>
          <p className="muted small">Every message is a small transaction: you pay its gas, and it shows its status until the chain confirms it.</p>
        </div>
      );
  }
  // On a phone one column shows: the list on the home screen, the open screen otherwise (with a way back).
  const home = route.view === "home";
  return (
    <div className={`layout ${home ? "show-list" : "show-pane"}`}>
      <UnreadTitle />
      <Sidebar route={route} navigate={navigate} scopeKey={scopeKey} />
      <main className="pane">
        {!home && (
          <a className="back" href={routeHash({ view: "home" })}>
            ← Conversations
          </a>
        )}
        {/* What the user must answer comes first, on every screen: a changed key, this browser no longer authorised. */}
        <KeyChangeWarnings />
        <BindingNotice />
        <SyncBanner />
        <FailedTransactions />
        {pane}
      </main>
    </div>
  );
}
