import type { MessageView } from "hushlog";
import { usePendingTransactions } from "hushlog/react";
import { describeSendFailure } from "../lib/describeError.ts";
import { retryableStatuses } from "../lib/statusLabel.ts";

function what(message: MessageView): string {
  switch (message.decoded.type) {
    case "reaction":
      return message.decoded.remove ? `Taking back your ${message.decoded.emoji}` : `Your reaction ${message.decoded.emoji}`;
    case "edit":
      return "Your edit";
    case "delete":
      return "Your delete";
    case "receipt":
      return "Your read receipt";
    default:
      return "Your message";
  }
}

/**
 * Our reactions, edits, deletes and receipts whose transaction failed. They have no bubble of their own (the thread
 * folds them into the message they name, as if sent), so without this row a failure would look like a success.
 */
export function FailedActions({ messages }: { messages: readonly MessageView[] }) {
  const pending = usePendingTransactions();
  const failed = messages.filter((m) => m.direction === "out" && retryableStatuses.has(m.status) && !["text", "post", "unsupported"].includes(m.decoded.type));
  if (failed.length === 0) return null;
  return (
    <ul className="failed-actions" aria-label="Actions not sent">
      {failed.map((m) => {
        const p = pending.data?.find((t) => t.itemIds.includes(m.id));
        return (
          <li key={m.id} role="alert" className="failure">
            <span>
              {what(m)} was not sent (it shows above as if it were). {m.status === "reverted" ? "The transaction reverted on chain." : describeSendFailure(p?.error ?? null)}
            </span>
            <button type="button" disabled={pending.retry.isPending} onClick={() => pending.retry.mutate({ pendingId: p?.id ?? m.id })}>
              Retry
            </button>
          </li>
        );
      })}
    </ul>
  );
}
