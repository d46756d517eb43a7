import type { MessageView } from "hushlog";
import { useState } from "react";
import { describeSendFailure } from "../lib/describeError.ts";
import { messageTime, shortAddress } from "../lib/format.ts";
import { retryableStatuses, statusLabel } from "../lib/statusLabel.ts";
import { LinkedText } from "./LinkedText.tsx";
import { MessageDetails } from "./MessageDetails.tsx";

type Props = {
  message: MessageView;
  /** First and last of a group of bubbles (same sender, minutes apart): spacing and corners follow. */
  first: boolean;
  last: boolean;
  showSender: boolean;
  /** Why its transaction failed (public text), when it did. */
  failure: string | null;
  retrying: boolean;
  onRetry: () => void;
};

export function MessageItem({ message, first, last, showSender, failure, retrying, onRetry }: Props) {
  const [open, setOpen] = useState(false);
  const outgoing = message.direction === "out";
  const text = message.content?.type === "text" ? message.content.text : null;
  const failed = retryableStatuses.has(message.status);
  return (
    <li className={`message ${outgoing ? "out" : "in"}${failed ? " failed" : ""}${first ? " first" : ""}${last ? " last" : ""}`} data-status={message.status}>
      {showSender && (
        <span className="sender" title={message.sender}>
          {shortAddress(message.sender)}
        </span>
      )}
      <p className="text">{text !== null ? <LinkedText text={text} /> : <em>This message uses a format this app cannot show.</em>}</p>
      <p className="meta">
        <time>{messageTime(message.timestamp, message.createdAt)}</time>
        {outgoing && (
          <>
            {" · "}
            <span className="status" aria-live="polite">
              {statusLabel(message)}
            </span>
          </>
        )}
        {outgoing && message.txHash && (
          <>
            {" · "}
            <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? "Hide gas" : "Gas"}
            </button>
          </>
        )}
      </p>
      {failed && (
        <div className="failure" role="alert">
          <span>{message.status === "reverted" ? "The transaction reverted on chain." : describeSendFailure(failure)}</span>
          <button type="button" onClick={onRetry} disabled={retrying}>
            Retry
          </button>
        </div>
      )}
      {open && message.txHash && <MessageDetails hash={message.txHash} />}
    </li>
  );
}
