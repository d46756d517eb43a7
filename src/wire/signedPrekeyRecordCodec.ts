import type { X25519KeyPair } from "../crypto/x25519.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Our own signed prekey as kept in the SignalStore (`storeSignedPrekey`), version 1. Secret: stores encrypt it
 * at rest. The ML-KEM half of the bundle is a separate Kyber prekey record under the same id.
 *
 * | size | field                                                                  |
 * |------|------------------------------------------------------------------------|
 * | 1    | version = 0x01                                                         |
 * | 4    | prekey id (u32 BE)                                                     |
 * | 32   | X25519 secret key                                                      |
 * | 32   | X25519 public key                                                      |
 * | 8    | createdAt (u64 BE, unix seconds)                                       |
 * | 8    | publishedAt: time of the block that included the bundle (0 = not yet)  |
 * | 8    | supersededAt: publishedAt of the next bundle (0 = still current)       |
 * | rest | the bundle exactly as published (its SHA-256 is bound into handshakes) |
 */
const VERSION = 0x01;
const format = "signed prekey record";

export type SignedPrekeyRecord = {
  id: number;
  keyPair: X25519KeyPair;
  createdAt: number;
  publishedAt: number | null;
  supersededAt: number | null;
  bundle: Uint8Array;
};

export function encodeSignedPrekeyRecord(record: SignedPrekeyRecord): Uint8Array {
  if (record.keyPair.secretKey.length !== 32 || record.keyPair.publicKey.length !== 32) {
    throw new InvalidFieldError({ format, field: "key pair", reason: "must be 32-byte keys" });
  }
  return new ByteWriter(115 + record.bundle.length)
    .u8(VERSION)
    .u32(record.id)
    .bytes(record.keyPair.secretKey)
    .bytes(record.keyPair.publicKey)
    .u64(BigInt(record.createdAt))
    .u64(BigInt(record.publishedAt ?? 0))
    .u64(BigInt(record.supersededAt ?? 0))
    .bytes(record.bundle)
    .finish();
}

export function decodeSignedPrekeyRecord(bytes: Uint8Array): SignedPrekeyRecord {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const id = r.u32();
  const keyPair = { secretKey: r.bytesCopy(32), publicKey: r.bytesCopy(32) };
  const time = (field: string) => {
    const value = r.u64();
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidFieldError({ format, field, reason: "too large" });
    return Number(value);
  };
  const createdAt = time("createdAt");
  const publishedAt = time("publishedAt") || null;
  const supersededAt = time("supersededAt") || null;
  r.need(1);
  return { id, keyPair, createdAt, publishedAt, supersededAt, bundle: r.rest().slice() };
}
