import type { ThreadItem } from "hushlog";
import type { Address } from "viem";
import { usePeerLabel } from "./PeerName.tsx";

/** A message's reactions: each emoji with its count, ours highlighted; a click adds ours or takes it back. */
export function Reactions({ reactions, me, onToggle }: { reactions: ThreadItem["reactions"]; me: Address | undefined; onToggle: (emoji: string, mine: boolean) => void }) {
  const label = usePeerLabel();
  if (reactions.length === 0) return null;
  return (
    <ul className="reactions" aria-label="Reactions">
      {reactions.map(({ emoji, senders }) => {
        const mine = me !== undefined && senders.some((s) => s.toLowerCase() === me.toLowerCase());
        const who = senders.map((s) => (me && s.toLowerCase() === me.toLowerCase() ? "you" : label(s))).join(", ");
        return (
          <li key={emoji}>
            <button
              type="button"
              className={mine ? "reaction mine" : "reaction"}
              aria-pressed={mine}
              title={`${who}${mine ? " (click to take yours back)" : ""}`}
              aria-label={`${emoji} ${senders.length}: ${who}`}
              onClick={(event) => {
                event.stopPropagation();
                onToggle(emoji, mine);
              }}
            >
              {emoji} <span className="count">{senders.length}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
