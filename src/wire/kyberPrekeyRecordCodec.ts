import { mlKem768Sizes } from "../crypto/mlKem768.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Our own ML-KEM-768 last-resort prekey as kept in the SignalStore (`storeKyberPrekey`), version 1. Secret. The
 * 64-byte seed (d || z) rebuilds the key pair, so the record is 69 bytes instead of 3,584.
 *
 * | size | field              |
 * |------|--------------------|
 * | 1    | version = 0x01     |
 * | 4    | prekey id (u32 BE) |
 * | 64   | ML-KEM-768 seed    |
 */
const VERSION = 0x01;
const format = "Kyber prekey record";

export type KyberPrekeyRecord = { id: number; seed: Uint8Array };

export function encodeKyberPrekeyRecord(record: KyberPrekeyRecord): Uint8Array {
  if (record.seed.length !== mlKem768Sizes.seed) throw new InvalidFieldError({ format, field: "seed", reason: "must be 64 bytes" });
  return new ByteWriter(69).u8(VERSION).u32(record.id).bytes(record.seed).finish();
}

export function decodeKyberPrekeyRecord(bytes: Uint8Array): KyberPrekeyRecord {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const record = { id: r.u32(), seed: r.bytesCopy(mlKem768Sizes.seed) };
  r.end();
  return record;
}
