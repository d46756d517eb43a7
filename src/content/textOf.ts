import type { DecodedContent, TextContent } from "./Content.ts";

/** The readable text of a plain text or a post (as a text content); null for content that is not read on its own. */
export function textOf(content: DecodedContent): TextContent | null {
  if (content.type === "text") return content;
  if (content.type === "post") return { type: "text", text: content.text };
  return null;
}
