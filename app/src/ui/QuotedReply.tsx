import type { ThreadItem } from "hushlog";
import { useHushlogClient } from "hushlog/react";
import { usePeerLabel } from "./PeerName.tsx";

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** The message a reply answers, quoted above it as it reads now (edited, or deleted). */
export function QuotedReply({ replyTo }: { replyTo: NonNullable<ThreadItem["replyTo"]> }) {
  const label = usePeerLabel();
  const me = useHushlogClient().client?.account;
  const { quoted } = replyTo;
  return (
    <blockquote className="quote" aria-label="In reply to">
      {quoted === null ? (
        // Older than this browser's history, or not decryptable here: the id is all we have.
        <em>A message not in this browser</em>
      ) : (
        <>
          <span className="quote-sender">{me && quoted.sender.toLowerCase() === me.toLowerCase() ? "You" : label(quoted.sender)}</span>
          {quoted.deleted ? <em>deleted message</em> : quoted.text === null ? <em>unsupported content</em> : <span className="quote-text">{clip(quoted.text)}</span>}
        </>
      )}
    </blockquote>
  );
}
