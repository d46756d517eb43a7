import { useConversations, useCreateGroup } from "hushlog/react";
import { useId, useState, type FormEvent } from "react";
import type { Address } from "viem";
import { ErrorNotice } from "./ErrorNotice.tsx";
import type { Route } from "../lib/useHashRoute.ts";

/** A group needs a name and members chosen among the conversations (their keys travel over them). */
export function NewGroup({ navigate }: { navigate: (route: Route) => void }) {
  const conversations = useConversations();
  const create = useCreateGroup();
  const [name, setName] = useState("");
  const [members, setMembers] = useState<Address[]>([]);
  const id = useId();
  const toggle = (peer: Address) => setMembers(members.includes(peer) ? members.filter((m) => m !== peer) : [...members, peer]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (members.length === 0) return;
    create.mutate({ name: name.trim(), members }, { onSuccess: ({ groupId }) => navigate({ view: "group", id: groupId }) });
  };
  const peers = conversations.data ?? [];
  return (
    <section className="form-pane" aria-labelledby="new-group-title">
      <h1 id="new-group-title">New group</h1>
      <p className="muted">
        Everyone in a group needs a conversation with everyone else: you can add the people you already talk with. Creating the group is one
        transaction; its name and members stay encrypted.
      </p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Group name</label>
          <input id={`${id}-name`} value={name} maxLength={64} onChange={(event) => setName(event.target.value)} />
        </div>
        <fieldset>
          <legend>Members</legend>
          {peers.length === 0 && <p className="muted small">No conversations yet: start one first.</p>}
          {peers.map((c) => (
            <label key={c.peer} className="check">
              <input type="checkbox" checked={members.includes(c.peer)} onChange={() => toggle(c.peer)} />
              <span className="address">{c.peer}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || members.length === 0 || !name.trim()}>
          {create.isPending ? "Waiting for your wallet…" : "Create group"}
        </button>
      </form>
      <ErrorNotice error={create.error} />
    </section>
  );
}
