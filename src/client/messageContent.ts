import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { DecodedContent, MessageContent } from "../content/Content.ts";
import { decodeContent, encodeContent } from "../content/contentCodec.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";

export type { DecodedContent, MessageContent } from "../content/Content.ts";

/**
 * What a message carries, above the ratchet. The plaintext handed to the ratchet is `type (1 byte) || data`;
 * the type byte lets later content kinds coexist with text without a new format.
 *
 * | type | content       | data                                                                  |
 * |------|---------------|-----------------------------------------------------------------------|
 * | 0x01 | text          | UTF-8 text                                                            |
 * | 0x02 | group control | membership records and changes, sender-key distributions (src/group)  |
 * | 0x03 | re-key        | none: the first message of a handshake that only re-keys a conversation |
 * | 0x04 | re-sent       | original message id (32 bytes) · the original content (type and data)  |
 * | 0x05-0x09 | post, reaction, edit, delete, receipt | versioned, see content/contentCodec.ts          |
 *
 * A re-sent message is one the sender re-encrypted because the peer may no longer read the chain its first
 * ciphertext was on (CiphertextRefresher). It names the id both sides gave the first copy (the same: ids come
 * from the ratchet position), so the receiver keeps ONE message whether it saw the first copy (then reorged
 * away), sees it later, or never does.
 *
 * Group control travels over 1:1 sessions but is consumed by the client, never shown as a message; so is a re-key
 * (a restored copy's fresh session, see RewindGuard), which carries nothing to show.
 */
const TEXT = 0x01;
/** Content type of group control plaintexts (see wire/groupControlCodec.ts). */
export const GROUP_CONTROL = 0x02;
/** Content type of a re-key's first message: nothing to show. */
export const REKEY = 0x03;
/** The whole plaintext of a re-key message. */
export const rekeyContent = Uint8Array.of(REKEY);

/** Content type of a re-encrypted copy of an earlier message (see the table above). */
export const RESENT = 0x04;

/** The plaintext of a re-sent message (see the table above). */
export function encodeResent(originalId: Hex, content: Uint8Array): Uint8Array {
  const id = hexToBytes(originalId);
  if (id.length !== 32) throw new InvalidFieldError({ format: "message content", field: "original id", reason: "not 32 bytes" });
  const out = new Uint8Array(33 + content.length);
  out[0] = RESENT;
  out.set(id, 1);
  out.set(content, 33);
  return out;
}

/** The original id and content of a re-sent message's plaintext. */
export function decodeResent(bytes: Uint8Array): { originalId: Hex; content: Uint8Array } {
  if (bytes[0] !== RESENT || bytes.length < 34) throw new InvalidFieldError({ format: "message content", field: "re-sent", reason: "truncated" });
  return { originalId: bytesToHex(bytes.subarray(1, 33)), content: bytes.slice(33) };
}

/** The plaintext of any content: a string is a plain text (0x01). */
export function encodeMessageContent(content: MessageContent | string): Uint8Array {
  if (typeof content !== "string" && content.type !== "text") return encodeContent(content);
  const text = typeof content === "string" ? content : content.text;
  const data = new TextEncoder().encode(text);
  const out = new Uint8Array(1 + data.length);
  out[0] = TEXT;
  out.set(data, 1);
  return out;
}

/**
 * The content of a stored message's plaintext. Never throws: a content type (or version) this version does not
 * know, or bytes that do not decode, give `unsupported` with the reason, so one odd message never breaks a
 * conversation (group control, re-key and re-sent plaintexts are consumed before anything is stored).
 */
export function decodeMessageContent(bytes: Uint8Array): DecodedContent {
  if (bytes.length === 0) return { type: "unsupported", contentType: 0, reason: "malformed" };
  if (bytes[0] !== TEXT) return decodeContent(bytes);
  try {
    return { type: "text", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(1)) };
  } catch {
    return { type: "unsupported", contentType: TEXT, reason: "malformed" };
  }
}
