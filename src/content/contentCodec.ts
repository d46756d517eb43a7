import { bytesToHex, getAddress, hexToBytes, isAddress, isHex, type Address, type Hex } from "viem";
import { AMEND_PROOF_BYTES, MAX_MENTIONS, MAX_REACTION_BYTES, MAX_RECEIPT_IDS, MSG_SECRET_BYTES } from "../constants.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";
import type { DecodedContent, MessageContent } from "./Content.ts";

/**
 * Wire format of the content types from 0x05 up (0x01-0x04 are in client/messageContent.ts; 0x40+ is kept for
 * device control). Every one is `type (1 byte) · version (1 byte) · fields`; a reader that meets a type or a
 * version it does not know shows the message as unsupported (never an error for the conversation), so a type can
 * gain a version without a flag day.
 *
 * | type | content  | v1 fields                                                                                   |
 * |------|----------|---------------------------------------------------------------------------------------------|
 * | 0x05 | post     | secret (16) · flags u8 (bit 0: reply) · [reply-to id (32)] · mentions uvarint n · n × address (20) · UTF-8 text (rest) |
 * | 0x06 | reaction | target id (32) · op u8 (0 add, 1 remove) · UTF-8 emoji (rest, 1..64 bytes)                    |
 * | 0x07 | edit     | target id (32) · seq u16 (>= 1) · proof (16) · UTF-8 text (rest)                              |
 * | 0x08 | delete   | target id (32) · proof (16)                                                                   |
 * | 0x09 | receipt  | n u8 (1..64) · n × message id (32)                                                            |
 *
 * Ids are message ids (32 bytes, see client/messageId.ts). The proof of an edit or delete is in amendProof.ts.
 */
export const CONTENT_TYPES = { post: 0x05, reaction: 0x06, edit: 0x07, delete: 0x08, receipt: 0x09 } as const;

const V1 = 0x01;
const FORMAT = "message content";
const REPLY_FLAG = 0x01;
const REMOVE = 0x01;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const te = new TextEncoder();

/** Encodes every content type above text (0x01 is written by client/messageContent.ts). */
export function encodeContent(content: Exclude<MessageContent, { type: "text" }>): Uint8Array {
  const w = new ByteWriter(64);
  w.u8(CONTENT_TYPES[content.type]).u8(V1);
  switch (content.type) {
    case "post": {
      fixed(content.secret, MSG_SECRET_BYTES, "secret");
      if (content.mentions.length > MAX_MENTIONS) invalid("mentions", `${content.mentions.length}, limit ${MAX_MENTIONS}`);
      w.bytes(content.secret).u8(content.replyTo ? REPLY_FLAG : 0);
      if (content.replyTo) w.bytes(id(content.replyTo, "reply-to"));
      w.uvarint(content.mentions.length);
      for (const account of content.mentions) {
        if (!isAddress(account, { strict: false })) invalid("mentions", "not an address");
        w.bytes(hexToBytes(account));
      }
      w.bytes(te.encode(content.text));
      break;
    }
    case "reaction": {
      const emoji = te.encode(content.emoji);
      if (emoji.length === 0 || emoji.length > MAX_REACTION_BYTES) invalid("emoji", `${emoji.length} bytes, 1..${MAX_REACTION_BYTES}`);
      w.bytes(id(content.target, "target")).u8(content.remove ? REMOVE : 0).bytes(emoji);
      break;
    }
    case "edit":
      if (!Number.isInteger(content.seq) || content.seq < 1 || content.seq > 0xffff) invalid("seq", "not 1..65535");
      w.bytes(id(content.target, "target")).u16(content.seq).bytes(fixed(content.proof, AMEND_PROOF_BYTES, "proof")).bytes(te.encode(content.text));
      break;
    case "delete":
      w.bytes(id(content.target, "target")).bytes(fixed(content.proof, AMEND_PROOF_BYTES, "proof"));
      break;
    case "receipt":
      if (content.read.length === 0 || content.read.length > MAX_RECEIPT_IDS) invalid("read", `${content.read.length} ids, 1..${MAX_RECEIPT_IDS}`);
      w.u8(content.read.length);
      for (const read of content.read) w.bytes(id(read, "read"));
      break;
  }
  return w.finish();
}

/**
 * Decodes a content type from 0x05 up. A type or version this version does not know, or bytes that do not decode,
 * give `unsupported` with the reason: a newer (or broken) peer's message is kept and shown as such, never thrown
 * into the receive path.
 */
export function decodeContent(bytes: Uint8Array): DecodedContent {
  const type = bytes[0] ?? 0;
  const name = (Object.keys(CONTENT_TYPES) as (keyof typeof CONTENT_TYPES)[]).find((k) => CONTENT_TYPES[k] === type);
  if (!name) return { type: "unsupported", contentType: type, reason: "unknown-type" };
  if (bytes[1] !== V1) return { type: "unsupported", contentType: type, reason: bytes.length < 2 ? "malformed" : "unknown-version" };
  try {
    return read(name, new ByteReader(FORMAT, bytes, 2));
  } catch {
    return { type: "unsupported", contentType: type, reason: "malformed" };
  }
}

function read(name: keyof typeof CONTENT_TYPES, r: ByteReader): MessageContent {
  switch (name) {
    case "post": {
      const secret = r.bytesCopy(MSG_SECRET_BYTES);
      const flags = r.u8();
      if (flags & ~REPLY_FLAG) invalid("flags", "unknown bits");
      const replyTo = flags & REPLY_FLAG ? bytesToHex(r.bytesView(32)) : null;
      const count = r.uvarint("mentions");
      if (count > MAX_MENTIONS) invalid("mentions", "too many");
      const mentions: Address[] = [];
      for (let i = 0; i < count; i++) mentions.push(getAddress(bytesToHex(r.bytesView(20))));
      return { type: "post", secret, replyTo, mentions, text: utf8.decode(r.rest()) };
    }
    case "reaction": {
      const target = bytesToHex(r.bytesView(32));
      const op = r.u8();
      if (op > REMOVE) invalid("op", "unknown");
      const emoji = r.rest();
      if (emoji.length === 0 || emoji.length > MAX_REACTION_BYTES) invalid("emoji", "length");
      return { type: "reaction", target, remove: op === REMOVE, emoji: utf8.decode(emoji) };
    }
    case "edit": {
      const target = bytesToHex(r.bytesView(32));
      const seq = r.u16();
      if (seq === 0) invalid("seq", "zero");
      return { type: "edit", target, seq, proof: r.bytesCopy(AMEND_PROOF_BYTES), text: utf8.decode(r.rest()) };
    }
    case "delete": {
      const content = { type: "delete" as const, target: bytesToHex(r.bytesView(32)), proof: r.bytesCopy(AMEND_PROOF_BYTES) };
      r.end();
      return content;
    }
    case "receipt": {
      const count = r.u8();
      if (count === 0 || count > MAX_RECEIPT_IDS) invalid("read", "count");
      const read: Hex[] = [];
      for (let i = 0; i < count; i++) read.push(bytesToHex(r.bytesView(32)));
      r.end();
      return { type: "receipt", read };
    }
  }
}

function id(value: Hex, field: string): Uint8Array {
  if (!isHex(value, { strict: true })) invalid(field, "not hex");
  return fixed(hexToBytes(value), 32, field);
}

function fixed(bytes: Uint8Array, length: number, field: string): Uint8Array {
  if (bytes.length !== length) invalid(field, `not ${length} bytes`);
  return bytes;
}

function invalid(field: string, reason: string): never {
  throw new InvalidFieldError({ format: FORMAT, field, reason });
}
