import type { MessageView } from "hushlog";
import { usePendingTransactions } from "hushlog/react";
import { useEffect, useRef } from "react";
import { messageRows } from "../lib/messageGroups.ts";
import { MessageItem } from "./MessageItem.tsx";

/** A conversation's messages, oldest first, with date separators and grouped bubbles, kept scrolled to the newest. */
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
  if (messages.length === 0) return <p className="muted empty-chat empty-state">No messages yet. Say hello: your first message is also what they see in their list.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messageRows(messages).map((row) =>
        row.type === "day" ? (
          <li key={row.key} className="day" role="separator" aria-label={row.label}>
            <span>{row.label}</span>
          </li>
        ) : (
          <MessageItem
            key={row.message.id}
            message={row.message}
            first={row.first}
            last={row.last}
            showSender={showSenders && row.first && row.message.direction === "in"}
            failure={pending.data?.find((p) => p.itemIds.includes(row.message.id))?.error ?? null}
            retrying={pending.retry.isPending && pending.retry.variables?.pendingId === row.message.id}
            onRetry={() => retry(row.message)}
          />
        ),
      )}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}
