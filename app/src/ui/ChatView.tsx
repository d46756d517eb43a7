import { useConversation, usePendingTransactions, useSendMessage } from "hushlog/react";
import { useEffect } from "react";
import type { Hex } from "viem";
import { shortAddress } from "../lib/format.ts";
import { useOutgoingRequests } from "../lib/outgoingRequests.ts";
import { useMarkRead } from "../lib/useMarkRead.ts";
import { Composer } from "./Composer.tsx";
import { MessageList } from "./MessageList.tsx";

/** One 1:1 conversation: its messages with their status, and the message box. */
export function ChatView({ conversationId, scopeKey }: { conversationId: Hex; scopeKey: string }) {
  const conversation = useConversation(conversationId);
  const send = useSendMessage();
  const [outgoing] = useOutgoingRequests(scopeKey);
  const pending = usePendingTransactions();
  const peer = conversation.conversation?.peer;
  useMarkRead(conversation.data, conversation.markRead);
  useEffect(() => {
    document.title = peer ? `${shortAddress(peer)} · Hushlog` : "Hushlog";
  }, [peer]);

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
  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat-header">
        <h1 id="chat-title" className="address" title={peer}>
          {peer}
        </h1>
        <p className="muted small">End-to-end encrypted · post-quantum handshake</p>
      </header>
      <MessageList messages={conversation.data ?? []} showSenders={false} />
      <Composer error={send.error} onSend={(text) => send.mutate({ conversationId, content: text })} />
    </section>
  );
}
