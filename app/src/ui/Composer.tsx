import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { describeError } from "../lib/describeError.ts";

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, error, disabled, fee }: { onSend: (text: string) => void; error: Error | null; disabled?: boolean; fee?: ReactNode }) {
  const [draft, setDraft] = useState("");
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
  };
  const described = error ? describeError(error) : null;
  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        rows={2}
        placeholder={disabled ? "You can no longer write here" : "Write a message (end-to-end encrypted)"}
        value={draft}
        disabled={disabled}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" disabled={disabled || !draft.trim()}>
        Send
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
