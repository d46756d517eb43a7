import type { PendingView } from "hushlog";
import { usePendingTransactions } from "hushlog/react";
import { describeSendFailure } from "../lib/describeError.ts";

const failedStatuses = new Set(["failed", "reverted"]);
/** Message ids are 32-byte hex: a transaction carrying one shows its failure on that message, in its chat. */
const carriesChatMessage = (p: PendingView) => p.kind === "message" && p.itemIds.some((id) => /^0x[0-9a-fA-F]{64}$/.test(id));

function what(p: PendingView): string {
  switch (p.kind) {
    case "handshake":
      return "Your conversation request";
    case "response":
      return "Your acceptance of a request";
    case "binding":
      return "Publishing your encryption keys";
    case "prekeys":
      return "Publishing your keys for offline first contacts";
    default:
      return "A group update";
  }
}

/**
 * Failed transactions that no message bubble shows: a conversation request, an acceptance, a group change. Each
 * can be sent again with the same bytes.
 */
export function FailedTransactions() {
  const pending = usePendingTransactions();
  const failed = (pending.data ?? []).filter((p) => failedStatuses.has(p.status) && !carriesChatMessage(p));
  if (failed.length === 0) return null;
  return (
    <div className="banner error" role="alert">
      <ul className="list">
        {failed.map((p) => (
          <li key={p.id} className="row">
            <span>
              <strong>{what(p)} was not sent.</strong> {p.status === "reverted" ? "The transaction reverted on chain." : describeSendFailure(p.error)}
            </span>
            <button type="button" className="small" disabled={pending.retry.isPending} onClick={() => pending.retry.mutate({ pendingId: p.id })}>
              Retry
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
