import { useState } from "react";
import { EmojiPicker } from "./EmojiPicker.tsx";

type Props = {
  /** Our current reaction to the message, if any: picking it again takes it back. */
  myReaction: string | null;
  canAmend: boolean;
  onReply: () => void;
  onReact: (emoji: string) => void;
  onEdit: () => void;
  onDelete: () => void;
};

/**
 * A message's actions, shown on hover or focus (desktop) and when the bubble is tapped or long-pressed (phone):
 * Reply, React (a row of common emoji), and on our own posts within 24 h Edit and Delete (Delete asks once more:
 * it deletes for everyone).
 */
export function MessageActions({ myReaction, canAmend, onReply, onReact, onEdit, onDelete }: Props) {
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const act = (fn: () => void) => (event: { stopPropagation: () => void }) => {
    event.stopPropagation();
    setPicking(false);
    setConfirming(false);
    fn();
  };
  return (
    <div className="actions" role="toolbar" aria-label="Message actions">
      <button type="button" onClick={act(onReply)}>
        Reply
      </button>
      <button
        type="button"
        aria-expanded={picking}
        onClick={(event) => {
          event.stopPropagation();
          setPicking(!picking);
        }}
      >
        React
      </button>
      {canAmend && (
        <>
          <button type="button" onClick={act(onEdit)}>
            Edit
          </button>
          {confirming ? (
            <button type="button" className="danger" onClick={act(onDelete)}>
              Delete for everyone
            </button>
          ) : (
            <button
              type="button"
              onClick={(event) => {
                event.stopPropagation();
                setConfirming(true);
              }}
            >
              Delete
            </button>
          )}
        </>
      )}
      {picking && <EmojiPicker label="Pick a reaction" current={myReaction} onPick={(emoji) => act(() => onReact(emoji))({ stopPropagation() {} })} />}
    </div>
  );
}
