import type { ThreadItem } from "hushlog";
import { useRef, useState } from "react";
import type { Address } from "viem";
import { amendable } from "../lib/amendable.ts";
import { describeSendFailure } from "../lib/describeError.ts";
import { messageTime, shortAddress } from "../lib/format.ts";
import type { ChatContent } from "../lib/useChatContent.ts";
import { retryableStatuses, statusLabel } from "../lib/statusLabel.ts";
import { LinkedText } from "./LinkedText.tsx";
import { MessageActions } from "./MessageActions.tsx";
import { MessageDetails } from "./MessageDetails.tsx";
import { usePeerLabel } from "./PeerName.tsx";
import { QuotedReply } from "./QuotedReply.tsx";
import { Reactions } from "./Reactions.tsx";

type Props = {
  item: ThreadItem;
  /** First and last of a group of bubbles (same sender, minutes apart): spacing and corners follow. */
  first: boolean;
  last: boolean;
  showSender: boolean;
  /** Why its transaction failed (public text), when it did. */
  failure: string | null;
  retrying: boolean;
  onRetry: () => void;
  me: Address | undefined;
  content: ChatContent;
};

const LONG_PRESS_MS = 450;

export function MessageItem({ item, first, last, showSender, failure, retrying, onRetry, me, content }: Props) {
  const { message } = item;
  const [open, setOpen] = useState(false);
  // Actions pinned open by a tap or a long press (phones have no hover).
  const [pinned, setPinned] = useState(false);
  const press = useRef<ReturnType<typeof setTimeout> | null>(null);
  const label = usePeerLabel();
  const outgoing = message.direction === "out";
  const failed = retryableStatuses.has(message.status);
  const mentionsMe = me !== undefined && item.mentions.some((a) => a.toLowerCase() === me.toLowerCase());
  const myReaction = item.reactions.find((r) => me && r.senders.some((s) => s.toLowerCase() === me.toLowerCase()))?.emoji ?? null;
  const actionable = !item.deleted && item.unsupported === null;
  const endPress = () => {
    if (press.current) clearTimeout(press.current);
    press.current = null;
  };
  const classes = ["message", outgoing ? "out" : "in", failed && "failed", first && "first", last && "last", pinned && "actions-open", mentionsMe && "mentions-me", item.deleted && "deleted"];
  return (
    <li
      className={classes.filter(Boolean).join(" ")}
      data-status={message.status}
      data-id={item.id}
      tabIndex={actionable ? 0 : undefined}
      onClick={(event) => {
        // A tap on the bubble (not on a link or button in it) shows or hides its actions.
        if (actionable && !(event.target as HTMLElement).closest("a, button")) setPinned(!pinned);
      }}
      onPointerDown={(event) => {
        if (actionable && event.pointerType === "touch") press.current = setTimeout(() => setPinned(true), LONG_PRESS_MS);
      }}
      onPointerUp={endPress}
      onPointerLeave={endPress}
    >
      {showSender && (
        <span className="sender" title={message.sender}>
          {label(message.sender)}
        </span>
      )}
      {item.replyTo && !item.deleted && <QuotedReply replyTo={item.replyTo} />}
      <p className="text">
        {item.deleted ? (
          <em className="muted">This message was deleted</em>
        ) : item.text !== null ? (
          <LinkedText text={item.text} />
        ) : (
          <em className="muted">Unsupported content: sent from a newer app version this one cannot show.</em>
        )}
      </p>
      {item.mentions.length > 0 && (
        <p className="mentions small">
          {item.mentions.map((a) => (
            <span key={a} className="mention" title={a}>
              @{me && a.toLowerCase() === me.toLowerCase() ? "you" : label(a) || shortAddress(a)}
            </span>
          ))}
        </p>
      )}
      <Reactions reactions={item.reactions} me={me} onToggle={(emoji, mine) => content.react(item, emoji, mine)} />
      <p className="meta">
        <time>{messageTime(message.timestamp, message.createdAt)}</time>
        {item.edited && !item.deleted && <span className="edited"> · edited</span>}
        {outgoing && (
          <>
            {" · "}
            <span className="status" aria-live="polite">
              {statusLabel(message)}
            </span>
          </>
        )}
        {outgoing && item.readBy.length > 0 && (
          <span className="read-by" title={item.readBy.map(label).join(", ")}>
            {" · "}
            {content.group ? `Read by ${item.readBy.map(label).join(", ")}` : "Read"}
          </span>
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
      {actionable && (
        <MessageActions
          myReaction={myReaction}
          canAmend={amendable(item, me)}
          onReply={() => {
            setPinned(false);
            content.reply(item);
          }}
          onReact={(emoji) => {
            setPinned(false);
            content.react(item, emoji, emoji === myReaction);
          }}
          onEdit={() => {
            setPinned(false);
            content.edit(item);
          }}
          onDelete={() => {
            setPinned(false);
            content.remove(item);
          }}
        />
      )}
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
