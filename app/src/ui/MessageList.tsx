import type { MessageView, ThreadItem } from "hushlog";
import { usePendingTransactions, useHushlogClient } from "hushlog/react";
import { useEffect, useRef } from "react";
import { messageRows } from "../lib/messageGroups.ts";
import type { ChatContent } from "../lib/useChatContent.ts";
import { MessageItem } from "./MessageItem.tsx";

/**
 * A chat as it reads (useThread's items: reactions, edits, deletes and receipts folded into the messages they
 * name, never bubbles of their own), oldest first, with date separators and grouped bubbles, kept scrolled to the
 * newest.
 */
export function MessageList({ items, showSenders, content }: { items: ThreadItem[]; showSenders: boolean; content: ChatContent }) {
  const pending = usePendingTransactions();
  const { client } = useHushlogClient();
  const end = useRef<HTMLLIElement>(null);
  const byId = new Map(items.map((item) => [item.id, item]));
  // A new message, or the last one's status changing (a failure shows a retry row), scrolls to the end.
  const last = items.at(-1)?.message;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [last?.id, last?.status]);
  const retry = (message: MessageView) => {
    // The transaction that carries the message (a single message's transaction has the message's id).
    const pendingId = pending.data?.find((p) => p.itemIds.includes(message.id))?.id ?? message.id;
    pending.retry.mutate({ pendingId });
  };
  if (items.length === 0) return <p className="muted empty-chat empty-state">No messages yet. Say hello: your first message is also what they see in their list.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messageRows(items.map((item) => item.message)).map((row) =>
        row.type === "day" ? (
          <li key={row.key} className="day" role="separator" aria-label={row.label}>
            <span>{row.label}</span>
          </li>
        ) : (
          <MessageItem
            key={row.message.id}
            item={byId.get(row.message.id)!}
            first={row.first}
            last={row.last}
            showSender={showSenders && row.first && row.message.direction === "in"}
            failure={pending.data?.find((p) => p.itemIds.includes(row.message.id))?.error ?? null}
            retrying={pending.retry.isPending && pending.retry.variables?.pendingId === row.message.id}
            onRetry={() => retry(row.message)}
            me={client?.account}
            content={content}
          />
        ),
      )}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}
