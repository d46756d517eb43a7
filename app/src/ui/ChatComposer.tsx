import type { ReactNode } from "react";
import type { ChatContent } from "../lib/useChatContent.ts";
import { ComposeBanner } from "./ComposeBanner.tsx";
import { Composer } from "./Composer.tsx";

/** The message box of a chat in its current mode: a new message, a reply (with its banner) or an edit. */
export function ChatComposer({ content, disabled, fee }: { content: ChatContent; disabled?: boolean; fee?: ReactNode }) {
  const { mode } = content;
  const editing = mode.kind === "edit" ? mode.item : null;
  return (
    <Composer
      // An edit starts from the message's current text; leaving it starts an empty box again.
      key={editing ? `edit-${editing.id}` : "new"}
      initialDraft={editing ? (editing.text ?? "") : undefined}
      banner={mode.kind === "new" ? undefined : <ComposeBanner content={content} />}
      focusKey={mode.kind === "new" ? undefined : `${mode.kind}-${mode.item.id}`}
      onCancel={content.cancel}
      error={content.error}
      disabled={disabled}
      fee={fee}
      onSend={content.submit}
    />
  );
}
