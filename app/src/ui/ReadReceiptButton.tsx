import { describeError } from "../lib/describeError.ts";
import type { useChatReceipts } from "../lib/useChatReceipts.ts";

/** "Send read receipt" in a chat's header while receipts are on, with what came of the last press. */
export function ReadReceiptButton({ receipts }: { receipts: ReturnType<typeof useChatReceipts> }) {
  if (!receipts.on) return null;
  const { result } = receipts;
  const outcome = result.isPending
    ? "Sending…"
    : result.error
      ? `${describeError(result.error).title}.`
      : result.isSuccess
        ? result.data
          ? "Receipt sent."
          : "Nothing new to acknowledge."
        : "Also sent when you leave this chat.";
  return (
    <span className="receipt-action small">
      <button type="button" className="link" disabled={result.isPending} onClick={() => void receipts.sendNow().catch(() => {})}>
        Send read receipt
      </button>{" "}
      <span className="muted" role="status">
        {outcome}
      </span>
    </span>
  );
}
