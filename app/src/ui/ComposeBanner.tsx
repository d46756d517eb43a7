import type { ChatContent } from "../lib/useChatContent.ts";
import { EmojiPicker } from "./EmojiPicker.tsx";
import { usePeerLabel } from "./PeerName.tsx";

/**
 * Above the message box while replying or editing: what the next send does, and Cancel. In a 1:1 chat a reply can
 * carry a reaction to the same message, sent in the same transaction (one confirmation, less gas than two).
 */
export function ComposeBanner({ content }: { content: ChatContent }) {
  const label = usePeerLabel();
  const { mode } = content;
  if (mode.kind === "new") return null;
  const text = mode.item.text ?? "";
  return (
    <div className="compose-banner" role="status">
      <div className="compose-what">
        <strong>{mode.kind === "reply" ? `Replying to ${mode.item.message.direction === "out" ? "yourself" : label(mode.item.message.sender)}` : "Editing your message"}</strong>
        <span className="quote-text">{text.length > 80 ? `${text.slice(0, 80)}…` : text}</span>
      </div>
      {mode.kind === "reply" && !content.group && (
        <div className="compose-react">
          <span className="small muted">With a reaction (same transaction):</span>
          <EmojiPicker label="Reaction sent with the reply" current={mode.emoji} onPick={(emoji) => content.pickReplyEmoji(mode.emoji === emoji ? null : emoji)} />
        </div>
      )}
      <button type="button" className="secondary" onClick={content.cancel}>
        Cancel
      </button>
    </div>
  );
}
