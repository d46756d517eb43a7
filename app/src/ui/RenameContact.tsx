import { useNicknames } from "hushlog/react";
import { useId, useState, type FormEvent } from "react";
import { getAddress, type Address } from "viem";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** "Rename": the name this browser's store keeps for a contact (never published; empty clears it). */
export function RenameContact({ peer }: { peer: Address }) {
  const { data: names, setNickname } = useNicknames();
  const current = names?.[getAddress(peer)] ?? "";
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(current);
  const id = useId();
  if (!editing) {
    return (
      <button type="button" className="link" onClick={() => (setDraft(current), setEditing(true))}>
        {current ? "Rename" : "Add a name"}
      </button>
    );
  }
  const save = (event: FormEvent) => {
    event.preventDefault();
    setNickname.mutate({ account: peer, nickname: draft }, { onSuccess: () => setEditing(false) });
  };
  return (
    <form className="rename row" onSubmit={save}>
      <label htmlFor={id} className="visually-hidden">
        Name for {getAddress(peer)}
      </label>
      <input id={id} value={draft} maxLength={40} placeholder="A name only you see" autoFocus onChange={(event) => setDraft(event.target.value)} />
      <button type="submit" disabled={setNickname.isPending}>
        Save
      </button>
      <button type="button" className="secondary" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <ErrorNotice error={setNickname.error} />
    </form>
  );
}
