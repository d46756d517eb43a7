import { keccak256, type Address } from "viem";
import type { PublishedBinding } from "../identity/selectCurrentBinding.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeKeyBinding, encodeKeyBinding } from "./keyBindingCodec.ts";

/**
 * One account's verified publications as the binding directory caches them (CacheStore; recomputable from the
 * chain). Version 1:
 *
 * | size | field                                                                                |
 * |------|--------------------------------------------------------------------------------------|
 * | 1    | version = 0x01                                                                       |
 * | 8    | scannedThrough: last block whose Binding logs for the account are included (u64)     |
 * | 2    | n (u16)                                                                              |
 * | var  | per entry: block (u64) · log index (u32) · block time (u64) · L (u16) · binding (L)  |
 */
const format = "published bindings";
const maxEntries = 0xffff;

export function encodePublishedBindings(value: { scannedThrough: bigint; published: readonly PublishedBinding[] }): Uint8Array {
  if (value.published.length > maxEntries) throw new InvalidFieldError({ format, field: "entries", reason: "too many" });
  const w = new ByteWriter(256).u8(1).u64(value.scannedThrough).u16(value.published.length);
  for (const p of value.published) {
    const bytes = encodeKeyBinding(p.binding);
    w.u64(p.blockNumber).u32(p.logIndex).u64(BigInt(p.blockTime)).u16(bytes.length).bytes(bytes);
  }
  return w.finish();
}

export function decodePublishedBindings(
  bytes: Uint8Array,
  context: { chainId: number; contract: Address },
): { scannedThrough: bigint; published: PublishedBinding[] } {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== 1) throw new UnknownVersionError({ format, version });
  const scannedThrough = r.u64();
  const count = r.u16();
  const published: PublishedBinding[] = [];
  for (let i = 0; i < count; i++) {
    const blockNumber = r.u64();
    const logIndex = r.u32();
    const blockTime = Number(r.u64());
    const record = r.bytesView(r.u16());
    published.push({ binding: decodeKeyBinding(record, context), hash: keccak256(record), blockNumber, logIndex, blockTime });
  }
  r.end();
  return { scannedThrough, published };
}
