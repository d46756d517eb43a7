import { useHandshakeRequests, useHushlogClient, usePendingTransactions, useThread } from "hushlog/react";
import { useEffect } from "react";
import type { Hex } from "viem";
import { shortAddress } from "../lib/format.ts";
import { setTitleBase } from "../lib/pageTitle.ts";
import { routeHash } from "../lib/useHashRoute.ts";
import { useOutgoingRequests } from "../lib/outgoingRequests.ts";
import { useChatContent } from "../lib/useChatContent.ts";
import { useChatReceipts } from "../lib/useChatReceipts.ts";
import { useMarkRead } from "../lib/useMarkRead.ts";
import { ChatComposer } from "./ChatComposer.tsx";
import { FailedActions } from "./FailedActions.tsx";
import { FeeEstimate } from "./FeeEstimate.tsx";
import { MessageList } from "./MessageList.tsx";
import { PeerName, usePeerLabel } from "./PeerName.tsx";
import { ReadReceiptButton } from "./ReadReceiptButton.tsx";
import { MuteToggle } from "./MuteToggle.tsx";
import { RenameContact } from "./RenameContact.tsx";

/** One 1:1 conversation: its messages with their status, and the message box. */
export function ChatView({ conversationId, scopeKey }: { conversationId: Hex; scopeKey: string }) {
  // The thread, not the raw messages: reactions, edits, deletes and receipts fold into the messages they name.
  const conversation = useThread(conversationId);
  const content = useChatContent(conversationId, { group: false });
  const receipts = useChatReceipts(conversationId);
  const [outgoing] = useOutgoingRequests(scopeKey);
  const pending = usePendingTransactions();
  const requests = useHandshakeRequests();
  const { client } = useHushlogClient();
  const peer = conversation.conversation?.peer;
  const label = usePeerLabel();
  useMarkRead(conversation.data, conversation.markRead);
  useEffect(() => {
    setTitleBase(peer ? `${label(peer)} · Hushlog` : "Hushlog");
    return () => setTitleBase("Hushlog");
  }, [peer, label]);

  // A conversation that is still a request (a first contact) is answered in Requests, never shown here. A key change on
  // an existing one keeps the history on screen, under the warning above every screen.
  const incoming = client && requests.data?.find((r) => client.conversationWith(r.from).toLowerCase() === conversationId.toLowerCase());
  if (incoming && !conversation.conversation) {
    return (
      <div className="empty">
        <h1>A request from {shortAddress(incoming.from)}</h1>
        <p>Answer it in Requests: nothing is shown or sent before you accept.</p>
        <a className="button" href={routeHash({ view: "requests" })}>
          Open Requests
        </a>
      </div>
    );
  }
  if (!conversation.conversation) {
    const waiting = outgoing.find((r) => r.conversationId.toLowerCase() === conversationId.toLowerCase());
    // The request's own transaction (gone from the list once confirmed); a failure shows in the banner above.
    const request = waiting && pending.data?.find((p) => p.itemIds.includes(waiting.handshakeId));
    const failed = request?.status === "failed" || request?.status === "reverted";
    return (
      <div className="empty">
        <h1>{waiting ? `Waiting for ${shortAddress(waiting.peer)}` : "Conversation not found"}</h1>
        <p>
          {!waiting
            ? conversation.isPending
              ? "Loading…"
              : "This conversation is not in this browser's store."
            : failed
              ? "Your request was not sent: retry it above."
              : request
                ? "Your request is on its way to the chain. The conversation opens here as soon as they accept it."
                : "Your request is on the chain. The conversation opens here as soon as they accept it."}
        </p>
      </div>
    );
  }
  const revoked = conversation.conversation.status === "revoked";
  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat-header">
        <h1 id="chat-title" title={peer}>
          <PeerName address={conversation.conversation.peer} size={32} />
        </h1>
        <p className="address small muted">
          {peer} <RenameContact peer={conversation.conversation.peer} /> · <MuteToggle peer={conversation.conversation.peer} />
        </p>
        <p className="muted small">
          End-to-end encrypted · post-quantum handshake ·{" "}
          <a href={routeHash({ view: "verify", peer: conversation.conversation.peer })}>Verify safety number</a>{" "}
          <ReadReceiptButton receipts={receipts} />
        </p>
      </header>
      {revoked && (
        <p role="status" className="banner danger">
          <strong>Closed by their account.</strong> {shortAddress(conversation.conversation.peer)}'s account published a key binding that no longer
          lists the device you talk to here: nothing more is sent or read. It reopens if their account authorises that device again.
        </p>
      )}
      <MessageList items={conversation.items ?? []} showSenders={false} content={content} />
      <FailedActions messages={conversation.data ?? []} />
      <ChatComposer content={content} disabled={revoked} fee={<FeeEstimate messages={conversation.data ?? []} />} />
    </section>
  );
}
