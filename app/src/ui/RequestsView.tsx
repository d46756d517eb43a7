import { useBlockedAccounts, useHandshakeRequests } from "hushlog/react";
import { useId, useState } from "react";
import { messageTime } from "../lib/format.ts";
import type { Route } from "../lib/useHashRoute.ts";
import { BlockedAccounts } from "./BlockedAccounts.tsx";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { PublicNoteNotice } from "./PublicNoteNotice.tsx";
import { PeerName } from "./PeerName.tsx";
import { SafetyNumber } from "./SafetyNumber.tsx";

/**
 * Incoming requests: who asks (and whether their keys verified), how (a request to talk, or a first message already
 * written: shown here, unread by the app until accepted), a key change with both safety numbers, their public note;
 * accept, decline or block.
 */
export function RequestsView({ navigate }: { navigate: (route: Route) => void }) {
  const requests = useHandshakeRequests();
  const { block } = useBlockedAccounts();
  const [replies, setReplies] = useState<Record<string, string>>({});
  const id = useId();
  const error = requests.accept.error ?? requests.decline.error ?? block.error;
  return (
    <section className="requests" aria-labelledby="requests-title">
      <h1 id="requests-title">Requests</h1>
      <p className="muted">People who want to start an encrypted conversation with you. Nothing is shared until you accept; they are not told if you decline or block.</p>
      <ErrorNotice error={error} />
      {requests.data?.length === 0 && <p className="muted empty-state">No requests. When someone writes to you for the first time, it waits here.</p>}
      <ul className="cards">
        {requests.data?.map((request) => (
          <li key={request.id} className={`card${request.keyChanged ? " danger" : ""}`} aria-label={`Request from ${request.from}`}>
            <p className="from">
              <PeerName address={request.from} /> <span className="address small">{request.from}</span>{" "}
              {request.verified ? (
                <span className="mark verified" title="Their key binding verified: the keys belong to this account.">
                  ✓ Verified
                </span>
              ) : (
                <span className="mark unverified" title="Their key binding did not verify: the keys may not belong to this account.">
                  ⚠ Unverified
                </span>
              )}
            </p>
            <p className="muted small">
              {request.keyChanged
                ? "Writes with a new security key"
                : request.kind === "prekey"
                  ? `Sent you ${request.messages.length === 1 ? "a message" : `${request.messages.length} messages`} without asking first`
                  : "Asks to start a conversation"}
            </p>
            {request.keyChanged && (
              <div className="notice error">
                <p>
                  <strong>⚠ Their security key changed.</strong> A new device or a reinstall does this; so does someone who got their wallet to sign
                  for keys that are not theirs. Compare the new safety number with them over another channel before you accept.
                </p>
                <div className="safety-pair">
                  <SafetyNumber label="Previous safety number" value={request.previousSafetyNumber} />
                  <SafetyNumber label="New safety number" value={request.safetyNumber} />
                </div>
              </div>
            )}
            {request.note !== null && request.note !== "" && (
              <blockquote className="note">
                <p>{request.note}</p>
              </blockquote>
            )}
            {request.note !== null && request.note !== "" && <PublicNoteNotice />}
            {request.messages.length > 0 && (
              <ol className="held" aria-label="Their messages">
                {request.messages.map((message) => (
                  <li key={message.id}>
                    <p className="text">{message.content?.type === "text" ? message.content.text : <em>A message this app cannot show.</em>}</p>
                    <time className="muted small">{messageTime(message.timestamp, message.createdAt)}</time>
                  </li>
                ))}
              </ol>
            )}
            {request.replacesConversation && !request.keyChanged && (
              <p className="notice">You already have a conversation with this account: accepting starts it anew.</p>
            )}
            {/* The reply note travels inside the encrypted response box: only the requester can read it. */}
            {request.kind === "interactive" && (
              <>
                <label htmlFor={`${id}-${request.id}`}>Reply note (optional, only they can read it)</label>
                <input
                  id={`${id}-${request.id}`}
                  value={replies[request.id] ?? ""}
                  maxLength={280}
                  onChange={(event) => setReplies({ ...replies, [request.id]: event.target.value })}
                />
              </>
            )}
            <div className="row">
              <button
                type="button"
                disabled={requests.accept.isPending}
                onClick={() =>
                  requests.accept.mutate(
                    { requestId: request.id, ...(replies[request.id] ? { note: replies[request.id] } : {}) },
                    { onSuccess: ({ conversationId }) => navigate({ view: "chat", id: conversationId }) },
                  )
                }
              >
                {request.keyChanged ? "Accept the new key" : "Accept"}
              </button>
              <button type="button" className="secondary" disabled={requests.decline.isPending} onClick={() => requests.decline.mutate({ requestId: request.id })}>
                Decline
              </button>
              <button type="button" className="secondary danger" disabled={block.isPending} onClick={() => block.mutate({ account: request.from })}>
                Block
              </button>
            </div>
          </li>
        ))}
      </ul>
      <BlockedAccounts />
    </section>
  );
}
