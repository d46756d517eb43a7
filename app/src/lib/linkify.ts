/** A piece of message text: plain, or a web link to render as one. */
export type TextPart = { text: string; href?: string };

// http(s) only (never javascript:, data: or a wallet scheme), up to whitespace; a trailing punctuation mark is the
// sentence's, not the link's.
const url = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,:;'!?)\]]/gi;

/**
 * Splits `text` into plain parts and links.
 *
 * @example
 * linkify("see https://example.org.") // [{ text: "see " }, { text: "https://example.org", href: "https://example.org" }, { text: "." }]
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(url)) {
    const at = match.index;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: match[0], href: match[0] });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
