import type { Address } from "viem";
import { parseAddress, type CommandContext, type Io } from "./context.ts";
import { badInput } from "./errors.ts";

/** MAX_PLAINTEXT_BYTES (24 KiB) less the content-type byte. */
const maxTextBytes = 24 * 1024 - 1;

/**
 * The text of `send` and `group send`: the words joined by spaces, or stdin when there are none or just `-` (its
 * one trailing newline dropped, as `echo` adds it). Empty or oversized text is refused before anything is opened.
 */
export async function messageText(io: Io, words: readonly string[]): Promise<string> {
  const fromStdin = words.length === 0 || (words.length === 1 && words[0] === "-");
  const text = fromStdin ? (await io.readStdin()).replace(/\r?\n$/, "") : words.join(" ");
  if (text.length === 0) throw badInput("empty message: pass the text as arguments or on stdin");
  if (new TextEncoder().encode(text).length > maxTextBytes) throw badInput(`message too long: at most ${maxTextBytes} bytes of UTF-8`);
  return text;
}

/** `--mention a,b` of `send` and `reply`: checked addresses (exit 2 on a bad one). */
export function mentions(ctx: CommandContext): Address[] {
  const list = ctx.flags.mention as string | undefined;
  return list ? list.split(",").map((a) => parseAddress(a.trim())) : [];
}
