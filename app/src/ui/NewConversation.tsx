import { useConversations, useHushlogClient, useStartConversation } from "hushlog/react";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress, isAddressEqual } from "viem";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { useOutgoingRequests } from "../lib/outgoingRequests.ts";
import type { Route } from "../lib/useHashRoute.ts";
import { PublicNoteNotice } from "./PublicNoteNotice.tsx";

/** Start a conversation by address: a request (a transaction) they accept or decline. */
export function NewConversation({ scopeKey, navigate }: { scopeKey: string; navigate: (route: Route) => void }) {
  const { scope } = useHushlogClient();
  const conversations = useConversations();
  const start = useStartConversation();
  const [, addOutgoing] = useOutgoingRequests(scopeKey);
  const [address, setAddress] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = address.trim();
    if (!isAddress(value, { strict: false })) return setProblem("Enter an account address: 0x and 40 hex digits.");
    const peer = getAddress(value);
    if (scope && isAddressEqual(peer, scope.account)) return setProblem("That is your own account.");
    const existing = conversations.data?.find((c) => isAddressEqual(c.peer, peer));
    if (existing) return navigate({ view: "chat", id: existing.conversationId });
    setProblem(null);
    start.mutate(
      { peer, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: ({ conversationId, handshakeId, mode }) => {
          // With prekeys the conversation is open at once (the note went as an encrypted first message).
          if (mode === "interactive") addOutgoing({ peer, conversationId, handshakeId, sentAt: Date.now() });
          navigate({ view: "chat", id: conversationId });
        },
      },
    );
  };
  return (
    <section className="form-pane" aria-labelledby="new-chat-title">
      <h1 id="new-chat-title">New conversation</h1>
      <p className="muted">
        If they published prekeys, your note goes as an encrypted first message and the conversation opens at once; otherwise
        it is a request they accept (its note sealed to them if their account published its keys, else public). Either
        way, starting is a transaction.
      </p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-address`}>Their address</label>
          <input
            id={`${id}-address`}
            value={address}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            onChange={(event) => setAddress(event.target.value)}
          />
          {problem && <p className="hint error-text">{problem}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <textarea id={`${id}-note`} rows={2} maxLength={280} value={note} aria-describedby={`${id}-public`} onChange={(event) => setNote(event.target.value)} />
          <PublicNoteNotice id={`${id}-public`} />
        </div>
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? "Waiting for your wallet…" : "Send request"}
        </button>
      </form>
      <ErrorNotice error={start.error} />
    </section>
  );
}
