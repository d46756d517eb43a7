import { useHandshakeRequests } from "hushlog/react";
import { useId, useState } from "react";
import { ErrorNotice } from "./ErrorNotice.tsx";
import type { Route } from "../lib/useHashRoute.ts";
import { PublicNoteNotice } from "./PublicNoteNotice.tsx";

/** Incoming requests: who asks (and whether their keys verified), their public note, accept or decline. */
export function RequestsView({ navigate }: { navigate: (route: Route) => void }) {
  const requests = useHandshakeRequests();
  const [replies, setReplies] = useState<Record<string, string>>({});
  const id = useId();
  const error = requests.accept.error ?? requests.decline.error;
  return (
    <section className="requests" aria-labelledby="requests-title">
      <h1 id="requests-title">Requests</h1>
      <p className="muted">People who want to start an encrypted conversation with you. Nothing is shared until you accept.</p>
      <ErrorNotice error={error} />
      {requests.data?.length === 0 && <p className="muted">No requests.</p>}
      <ul className="cards">
        {requests.data?.map((request) => (
          <li key={request.id} className="card" aria-label={`Request from ${request.from}`}>
            <p className="from">
              <span className="address">{request.from}</span>{" "}
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
            {request.note !== null && request.note !== "" && (
              <blockquote className="note">
                <p>{request.note}</p>
              </blockquote>
            )}
            {request.note !== null && request.note !== "" && <PublicNoteNotice />}
            {request.replacesConversation && <p className="notice">You already have a conversation with this account: accepting starts it anew.</p>}
            {/* The reply note travels inside the encrypted response box: only the requester can read it. */}
            <label htmlFor={`${id}-${request.id}`}>Reply note (optional, only they can read it)</label>
            <input
              id={`${id}-${request.id}`}
              value={replies[request.id] ?? ""}
              maxLength={280}
              onChange={(event) => setReplies({ ...replies, [request.id]: event.target.value })}
            />
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
                Accept
              </button>
              <button type="button" className="secondary" disabled={requests.decline.isPending} onClick={() => requests.decline.mutate({ requestId: request.id })}>
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
