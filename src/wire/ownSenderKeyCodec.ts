import { bytesToHex, hexToBytes, type Hex } from "viem";
import { MAX_GROUP_MEMBERS } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { OwnSenderKey, SenderKeyEntry } from "../group/SenderKey.ts";
import { readAddressList, writeAddressList } from "./addressList.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Our own sender chain in one group, version 1. Secret in its entirety (stores encrypt it at rest).
 *
 * | size   | field                                                                                 |
 * |--------|---------------------------------------------------------------------------------------|
 * | 1      | version = 0x01                                                                        |
 * | 1      | kind = 0x02 (our own chain; 0x01 is another member's keys)                            |
 * | 32     | chain secret                                                                          |
 * | 16     | topic                                                                                 |
 * | 32     | header key                                                                            |
 * | 64     | signing key: seed (32) · public key (32)                                              |
 * | 4      | iteration (u32)                                                                       |
 * | 32     | chain key                                                                             |
 * | 1      | entry count (<= MAX_GROUP_MEMBERS), then per entry:                                   |
 * |        |   iteration (u32) · chain key (32) · members (count u8 · 20 each, ascending)          |
 */
const VERSION = 0x01;
export const OWN_SENDER_KEY_KIND = 0x02;
const format = "own sender key";

export function encodeOwnSenderKey(own: OwnSenderKey): Uint8Array {
  const w = new ByteWriter(256)
    .u8(VERSION)
    .u8(OWN_SENDER_KEY_KIND)
    .bytes(own.chainSecret)
    .bytes(hexToBytes(own.topic).subarray(0, 16))
    .bytes(own.headerKey)
    .bytes(own.signingKey.seed)
    .bytes(own.signingKey.publicKey)
    .u32(own.iteration)
    .bytes(own.chainKey)
    .u8(own.entries.length);
  for (const entry of own.entries) {
    w.u32(entry.iteration).bytes(entry.chainKey);
    writeAddressList(w, entry.members);
  }
  return w.finish();
}

export function decodeOwnSenderKey(bytes: Uint8Array): OwnSenderKey {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const kind = r.u8();
  if (kind !== OWN_SENDER_KEY_KIND) throw new InvalidFieldError({ format, field: "kind", reason: `expected our own chain, got ${kind}` });
  const chainSecret = r.bytesCopy(32);
  const topic: Hex = `${bytesToHex(r.bytesView(16))}${"0".repeat(32)}`;
  const headerKey = r.bytesCopy(32);
  const signingKey = { seed: r.bytesCopy(32), publicKey: r.bytesCopy(32) };
  const iteration = r.u32();
  const chainKey = r.bytesCopy(32);
  const entryCount = r.u8();
  if (entryCount > MAX_GROUP_MEMBERS) throw new InvalidFieldError({ format, field: "entry count", reason: "too many" });
  const entries: SenderKeyEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    entries.push({ iteration: r.u32(), chainKey: r.bytesCopy(32), members: readAddressList(r, "entry members", MAX_GROUP_MEMBERS) });
  }
  r.end();
  return { chainSecret, topic, headerKey, signingKey, iteration, chainKey, entries };
}
