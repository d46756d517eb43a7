import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import type { ConversationState, ConversationStatus } from "../client/ConversationState.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { MAX_RECEIVING_CHAINS } from "../constants.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeDeviceBindingPrefix, encodeDeviceBinding } from "./keyBindingCodec.ts";
import { decodeLegacyKeyBindingPrefix } from "./legacyKeyBindingCodec.ts";
import { decodeSession, encodeSession } from "./sessionCodec.ts";

/**
 * Client conversation state, version 2 (SessionRecord.state; secret, encrypted at rest).
 *
 * | size    | field                                                                            |
 * |---------|----------------------------------------------------------------------------------|
 * | 1       | version = 0x02                                                                   |
 * | 1       | flags: bits 0-1 status (0 active, 1 request, 2 revoked), bit 2 rewound,          |
 * |         |        bit 6 our recent sending topics follow, bit 7 a prekey origin follows     |
 * | 1       | unscanned topic count n (<= 16)                                                  |
 * | 24 · n  | per entry: topic (16 significant bytes) · fromBlock (u64 BE)                     |
 * | 32      | [bit 7] keccak256 of the prekey handshake we started it with                     |
 * | 1       | [bit 6] sending topic count m (1 ..= MAX_RECEIVING_CHAINS)                       |
 * | 16 · m  | [bit 6] our sending chains' topics, newest first (16 significant bytes each)     |
 * | var     | peer key binding (keyBindingCodec v2) · the peer device's index in it            |
 * | rest    | ratchet session (sessionCodec)                                                   |
 *
 * Version 1 (before bindings were published: a v1 binding, no status) still decodes: the conversation is active,
 * its peer binding is a legacy one (sequence 0) until the peer's published binding replaces it.
 */
const VERSION = 0x02;
const format = "conversation state";
/** More than the inbound set can ever hold (current, next, 4 previous) with room for a few chain starts. */
const MAX_UNSCANNED = 16;
const statuses: readonly ConversationStatus[] = ["active", "request", "revoked"];
const SENT_TOPICS_FLAG = 0x40;

export function encodeConversationState(state: ConversationState): Uint8Array {
  if (state.unscanned.length > MAX_UNSCANNED) {
    throw new InvalidFieldError({ format, field: "unscanned topics", reason: `more than ${MAX_UNSCANNED}` });
  }
  const sentTopics = state.sentTopics ?? [];
  if (sentTopics.length > MAX_RECEIVING_CHAINS) {
    throw new InvalidFieldError({ format, field: "sending topics", reason: `more than ${MAX_RECEIVING_CHAINS}` });
  }
  const origin = state.prekeyOrigin ?? null;
  const flags = statuses.indexOf(state.status) | (state.rewound ? 0x04 : 0) | (sentTopics.length ? SENT_TOPICS_FLAG : 0) | (origin ? 0x80 : 0);
  const w = new ByteWriter(1024).u8(VERSION).u8(flags).u8(state.unscanned.length);
  for (const entry of state.unscanned) w.bytes(hexToBytes(entry.topic).subarray(0, 16)).u64(entry.fromBlock);
  if (origin) w.bytes(hexToBytes(origin));
  if (sentTopics.length) {
    w.u8(sentTopics.length);
    for (const topic of sentTopics) w.bytes(hexToBytes(topic).subarray(0, 16));
  }
  return w.bytes(encodeDeviceBinding(state.peer)).bytes(encodeSession(state.ratchet)).finish();
}

export function decodeConversationState(bytes: Uint8Array, context: { chainId: number; contract: Address }): ConversationState {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version === 0x01) return decodeVersion1(r, bytes, context);
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const flags = r.u8();
  const status = statuses[flags & 0x03];
  if (!status || (flags & 0x38) !== 0) throw new InvalidFieldError({ format, field: "flags", reason: "unknown bits" });
  const unscanned = readUnscanned(r, r.u8());
  const prekeyOrigin = flags & 0x80 ? bytesToHex(r.bytesView(32)) : null;
  const sentTopics: Hex[] = [];
  if (flags & SENT_TOPICS_FLAG) {
    const m = r.u8();
    if (m === 0 || m > MAX_RECEIVING_CHAINS) throw new InvalidFieldError({ format, field: "sending topics", reason: "bad count" });
    for (let i = 0; i < m; i++) sentTopics.push(`${bytesToHex(r.bytesView(16))}${"0".repeat(32)}` as Hex);
  }
  const { binding, device, end } = decodeDeviceBindingPrefix(bytes, r.offset, context);
  const state: ConversationState = { unscanned, peer: { binding, device }, ratchet: decodeSession(bytes.subarray(end)), prekeyOrigin, status, rewound: (flags & 0x04) !== 0 };
  return sentTopics.length ? { ...state, sentTopics } : state;
}

/** Version 1: head = count | bit 7 origin; a v1 binding; always active. */
function decodeVersion1(r: ByteReader, bytes: Uint8Array, context: { chainId: number; contract: Address }): ConversationState {
  const head = r.u8();
  const unscanned = readUnscanned(r, head & 0x7f);
  const prekeyOrigin = head & 0x80 ? bytesToHex(r.bytesView(32)) : null;
  const { binding, end } = decodeLegacyKeyBindingPrefix(bytes, r.offset, context);
  return { unscanned, peer: { binding, device: 0 }, ratchet: decodeSession(bytes.subarray(end)), prekeyOrigin, status: "active", rewound: false };
}

function readUnscanned(r: ByteReader, count: number) {
  if (count > MAX_UNSCANNED) throw new InvalidFieldError({ format, field: "unscanned topics", reason: "too many" });
  const unscanned = [];
  for (let i = 0; i < count; i++) {
    const topic = `${bytesToHex(r.bytesView(16))}${"0".repeat(32)}` as Hex;
    unscanned.push({ topic, fromBlock: r.u64() });
  }
  return unscanned;
}
