import type { MessageView } from "hushlog";

/**
 * What a chat list shows of a chat's last message. The list gets the last stored message, which since the content
 * types may be a reaction, an edit, a delete or a receipt (no text of its own): those say what happened rather than
 * leaving the line empty. A receipt says nothing new: undefined, and the list falls back as for an empty chat.
 */
export function previewText(message: MessageView | null | undefined): string | undefined {
  if (!message) return undefined;
  const you = message.direction === "out";
  switch (message.decoded.type) {
    case "text":
    case "post":
      return message.decoded.text;
    case "reaction":
      return message.decoded.remove ? undefined : `${you ? "You reacted" : "Reacted"} ${message.decoded.emoji}`;
    case "edit":
      return message.decoded.text;
    case "delete":
      return "A message was deleted";
    case "receipt":
      return undefined;
    case "unsupported":
      return "Unsupported content";
  }
}
