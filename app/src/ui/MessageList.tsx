import type { MessageView } from "hushlog";
import { usePendingTransactions } from "hushlog/react";
import { useEffect, useRef } from "react";
import { MessageItem } from "./MessageItem.tsx";

/** A conversation's messages, oldest first, kept scrolled to the newest. */
export function MessageList({ messages, showSenders }: { messages: MessageView[]; showSenders: boolean }) {
  const pending = usePendingTransactions();
  const end = useRef<HTMLLIElement>(null);
  // A new message, or the last one's status changing (a failure shows a retry row), scrolls to the end.
  const last = messages.at(-1);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [last?.id, last?.status]);
  const retry = (message: MessageView) => {
    // The transaction that carries the message (a single message's transaction has the message's id).
    const pendingId = pending.data?.find((p) => p.itemIds.includes(message.id))?.id ?? message.id;
    pending.retry.mutate({ pendingId });
  };
  if (messages.length === 0) return <p className="muted empty-chat">No messages yet. Say hello.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((message) => (
        <MessageItem
          key={message.id}
          message={message}
          showSender={showSenders && message.direction === "in"}
          failure={pending.data?.find((p) => p.itemIds.includes(message.id))?.error ?? null}
          retrying={pending.retry.isPending && pending.retry.variables?.pendingId === message.id}
          onRetry={() => retry(message)}
        />
      ))}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}
