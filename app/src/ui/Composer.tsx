import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { describeError } from "../lib/describeError.ts";

type Props = {
  onSend: (text: string) => void;
  error: Error | null;
  disabled?: boolean;
  /** Shown above the box: what a send does besides posting (replying, editing). */
  banner?: ReactNode;
  /** The text to start from (an edit starts from the message's text): remount (key) to load another. */
  initialDraft?: string;
  /** Escape leaves replying or editing. */
  onCancel?: () => void;
  /** Changes when the person picks Reply or Edit on a message: the box takes the focus, ready to type. */
  focusKey?: string;
  /** The fee estimate shown under the box (FeeEstimate). */
  fee?: ReactNode;
};

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, error, disabled, banner, initialDraft, onCancel, focusKey, fee }: Props) {
  const [draft, setDraft] = useState(initialDraft ?? "");
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusKey) box.current?.focus();
  }, [focusKey]);
  const id = useId();
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    onSend(text);
    setDraft("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
    if (event.key === "Escape" && onCancel) onCancel();
  };
  const described = error ? describeError(error) : null;
  return (
    <form className="composer" onSubmit={send}>
      {banner}
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        ref={box}
        id={id}
        rows={2}
        placeholder={disabled ? "You can no longer write here" : "Write a message (end-to-end encrypted)"}
        value={draft}
        disabled={disabled}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" disabled={disabled || !draft.trim()}>
        {initialDraft !== undefined ? "Save" : "Send"}
      </button>
      {!disabled && fee}
      {described && (
        <p role="alert" className="notice error composer-error">
          <strong>{described.title}.</strong> {described.detail}
        </p>
      )}
    </form>
  );
}
