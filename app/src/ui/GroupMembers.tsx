import { useConversations, useGroupMembers, useHushlogClient } from "hushlog/react";
import { useId, useState } from "react";
import { isAddressEqual, type Address, type Hex } from "viem";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** Who is in the group. The creator removes members, and adds people among their conversations. */
export function GroupMembers({ groupId }: { groupId: Hex }) {
  const { scope } = useHushlogClient();
  const { members, creator, isCreator, left, add, remove } = useGroupMembers(groupId);
  const conversations = useConversations();
  const [adding, setAdding] = useState<Address | "">("");
  const id = useId();
  const candidates = (conversations.data ?? []).filter((c) => !members.some((m) => isAddressEqual(m, c.peer)));
  const error = add.error ?? remove.error;
  const busy = add.isPending || remove.isPending;
  return (
    <div className="members" aria-label="Members">
      <ul className="list">
        {members.map((member) => (
          <li key={member} className="member">
            <span className="address">{member}</span>
            {creator && isAddressEqual(member, creator) && <span className="mark">creator</span>}
            {scope && isAddressEqual(member, scope.account) && <span className="mark">you</span>}
            {isCreator && !left && scope && !isAddressEqual(member, scope.account) && (
              <button type="button" className="secondary small" disabled={busy} onClick={() => remove.mutate({ members: [member] })}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {isCreator && !left && (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (adding) add.mutate({ members: [adding] }, { onSuccess: () => setAdding("") });
          }}
        >
          <label htmlFor={`${id}-add`}>Add a member</label>
          <select id={`${id}-add`} value={adding} onChange={(event) => setAdding(event.target.value as Address | "")}>
            <option value="">Choose a conversation…</option>
            {candidates.map((c) => (
              <option key={c.peer} value={c.peer}>
                {c.peer}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!adding || busy}>
            Add
          </button>
        </form>
      )}
      {!isCreator && <p className="muted small">Only the group's creator can add or remove members.</p>}
      <ErrorNotice error={error} />
    </div>
  );
}
