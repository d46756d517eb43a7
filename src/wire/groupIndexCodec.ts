import { bytesToHex, hexToBytes, type Hex } from "viem";
import { MAX_GROUPS } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * The list of groups an account knows, version 1 (one stored record).
 *
 * | size   | field                                   |
 * |--------|-----------------------------------------|
 * | 1      | version = 0x01                          |
 * | 2      | count (u16, <= MAX_GROUPS)              |
 * | 16 · n | group ids, in the order they were added |
 */
const VERSION = 0x01;
const format = "group index";

export function encodeGroupIndex(groupIds: readonly Hex[]): Uint8Array {
  const w = new ByteWriter(3 + 16 * groupIds.length).u8(VERSION).u16(groupIds.length);
  for (const id of groupIds) w.bytes(hexToBytes(id));
  return w.finish();
}

export function decodeGroupIndex(bytes: Uint8Array): Hex[] {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const count = r.u16();
  if (count > MAX_GROUPS) throw new InvalidFieldError({ format, field: "count", reason: "too many" });
  const ids: Hex[] = [];
  for (let i = 0; i < count; i++) ids.push(bytesToHex(r.bytesView(16)));
  r.end();
  return ids;
}
