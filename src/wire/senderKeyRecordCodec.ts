import { bytesToHex, hexToBytes, type Hex } from "viem";
import { MAX_SENDER_KEY_SKIPPED_KEYS, MAX_SENDER_KEY_STATES } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { SenderKeyRecord, SenderKeyState, SkippedGroupKey } from "../group/SenderKey.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Another member's sender keys in one group, version 1. Secret in its entirety (stores encrypt it at rest).
 *
 * | size   | field                                                                                    |
 * |--------|------------------------------------------------------------------------------------------|
 * | 1      | version = 0x01                                                                           |
 * | 1      | kind = 0x01 (received sender keys; 0x02 is our own chain, see ownSenderKeyCodec.ts)      |
 * | 1      | state count (<= MAX_SENDER_KEY_STATES), newest first, then per state:                    |
 * | 116    |   topic (16) · header key (32) · signing public key (32) · iteration (u32) · chain key (32) |
 * | 2      | skipped key count (u16, <= MAX_SENDER_KEY_SKIPPED_KEYS), oldest first, then per key:     |
 * | 41     |   state (u8: index into the states) · iteration (u32) · message key (32) · stored (u32)  |
 */
const VERSION = 0x01;
export const SENDER_KEY_RECORD_KIND = 0x01;
const format = "sender key record";

const compact = (topic: Hex) => hexToBytes(topic).subarray(0, 16);
const expand = (bytes: Uint8Array): Hex => `${bytesToHex(bytes)}${"0".repeat(32)}`;

export function encodeSenderKeyRecord(record: SenderKeyRecord): Uint8Array {
  const w = new ByteWriter(4 + 116 * record.states.length + 41 * record.skipped.length)
    .u8(VERSION)
    .u8(SENDER_KEY_RECORD_KIND)
    .u8(record.states.length);
  for (const s of record.states) {
    w.bytes(compact(s.topic)).bytes(s.headerKey).bytes(s.signingPublicKey).u32(s.iteration).bytes(s.chainKey);
  }
  const stateIndex = new Map(record.states.map((s, i) => [s.topic, i]));
  w.u16(record.skipped.length);
  for (const key of record.skipped) w.u8(stateIndex.get(key.topic)!).u32(key.iteration).bytes(key.messageKey).u32(key.storedAt);
  return w.finish();
}

export function decodeSenderKeyRecord(bytes: Uint8Array): SenderKeyRecord {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const kind = r.u8();
  if (kind !== SENDER_KEY_RECORD_KIND) throw new InvalidFieldError({ format, field: "kind", reason: `expected received keys, got ${kind}` });
  const stateCount = r.u8();
  if (stateCount > MAX_SENDER_KEY_STATES) throw new InvalidFieldError({ format, field: "state count", reason: "too many" });
  const states: SenderKeyState[] = [];
  for (let i = 0; i < stateCount; i++) {
    states.push({
      topic: expand(r.bytesView(16)),
      headerKey: r.bytesCopy(32),
      signingPublicKey: r.bytesCopy(32),
      iteration: r.u32(),
      chainKey: r.bytesCopy(32),
    });
  }
  const skippedCount = r.u16();
  if (skippedCount > MAX_SENDER_KEY_SKIPPED_KEYS) throw new InvalidFieldError({ format, field: "skipped key count", reason: "too many" });
  const skipped: SkippedGroupKey[] = [];
  for (let i = 0; i < skippedCount; i++) {
    const state = states[r.u8()];
    if (!state) throw new InvalidFieldError({ format, field: "skipped key state", reason: "no such state" });
    skipped.push({ topic: state.topic, iteration: r.u32(), messageKey: r.bytesCopy(32), storedAt: r.u32() });
  }
  r.end();
  return { states, skipped };
}
