import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import type { ConversationState } from "../client/ConversationState.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeKeyBindingPrefix, encodeKeyBinding } from "./keyBindingCodec.ts";
import { decodeSession, encodeSession } from "./sessionCodec.ts";

/**
 * Client conversation state, version 1 (SessionRecord.state; secret, encrypted at rest).
 *
 * | size    | field                                                              |
 * |---------|--------------------------------------------------------------------|
 * | 1       | version = 0x01                                                     |
 * | 1       | unscanned topic count n (<= 16); bit 7 set: a prekey origin follows |
 * | 24 · n  | per entry: topic (16 significant bytes) · fromBlock (u64 BE)       |
 * | 32      | [bit 7] keccak256 of the prekey handshake we started it with       |
 * | var     | peer key binding (keyBindingCodec; chainId/contract implicit)      |
 * | rest    | ratchet session (sessionCodec)                                     |
 */
const VERSION = 0x01;
const format = "conversation state";
/** More than the inbound set can ever hold (current, next, 4 previous) with room for a few chain starts. */
const MAX_UNSCANNED = 16;

export function encodeConversationState(state: ConversationState): Uint8Array {
  if (state.unscanned.length > MAX_UNSCANNED) {
    throw new InvalidFieldError({ format, field: "unscanned topics", reason: `more than ${MAX_UNSCANNED}` });
  }
  const origin = state.prekeyOrigin ?? null;
  const w = new ByteWriter(1024).u8(VERSION).u8(state.unscanned.length | (origin ? 0x80 : 0));
  for (const entry of state.unscanned) w.bytes(hexToBytes(entry.topic).subarray(0, 16)).u64(entry.fromBlock);
  if (origin) w.bytes(hexToBytes(origin));
  return w.bytes(encodeKeyBinding(state.peer)).bytes(encodeSession(state.ratchet)).finish();
}

export function decodeConversationState(bytes: Uint8Array, context: { chainId: number; contract: Address }): ConversationState {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const head = r.u8();
  const count = head & 0x7f;
  if (count > MAX_UNSCANNED) throw new InvalidFieldError({ format, field: "unscanned topics", reason: "too many" });
  const unscanned = [];
  for (let i = 0; i < count; i++) {
    const topic = `${bytesToHex(r.bytesView(16))}${"0".repeat(32)}` as Hex;
    unscanned.push({ topic, fromBlock: r.u64() });
  }
  const prekeyOrigin = head & 0x80 ? bytesToHex(r.bytesView(32)) : null;
  const { binding, end } = decodeKeyBindingPrefix(bytes, r.offset, context);
  return { unscanned, peer: binding, ratchet: decodeSession(bytes.subarray(end)), prekeyOrigin };
}
