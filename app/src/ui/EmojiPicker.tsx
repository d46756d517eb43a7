/** The few reactions people use most: a full picker would cost bundle size for little. */
export const QUICK_EMOJI = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** A row of emoji buttons; `current` (our reaction, or the one picked) shows pressed. */
export function EmojiPicker({ onPick, current, label }: { onPick: (emoji: string) => void; current?: string | null; label: string }) {
  return (
    <div className="emoji-picker" role="group" aria-label={label}>
      {QUICK_EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="emoji"
          aria-pressed={current === emoji}
          onClick={(event) => {
            event.stopPropagation();
            onPick(emoji);
          }}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
