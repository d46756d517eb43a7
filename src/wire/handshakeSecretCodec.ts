import { bytesToHex, getAddress, type Hex } from "viem";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import type { HandshakeSecret } from "../handshake/HandshakeSecret.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { hexToBytes } from "viem";

/**
 * Serialized pending handshake secret, version 1 (stored encrypted, never on chain).
 *
 * | size | field                                        |
 * |------|----------------------------------------------|
 * | 1    | version = 0x01                               |
 * | 20   | initiator account                            |
 * | 20   | recipient account                            |
 * | 8    | chainId (u64 BE)                             |
 * | 20   | contract                                     |
 * | 64   | ephemeral X25519 secret (32) · public (32)   |
 * | 64   | ML-KEM-768 seed                              |
 * | 32   | SHA-256 of the handshake payload             |
 * | 8    | createdAt (u64 BE, unix seconds)             |
 */
const VERSION = 0x01;
const format = "handshake secret";

export function encodeHandshakeSecret(secret: HandshakeSecret): Uint8Array {
  return new ByteWriter(237)
    .u8(VERSION)
    .bytes(hexToBytes(secret.account))
    .bytes(hexToBytes(secret.recipient))
    .u64(BigInt(secret.chainId))
    .bytes(hexToBytes(secret.contract))
    .bytes(secret.ephemeralKey.secretKey)
    .bytes(secret.ephemeralKey.publicKey)
    .bytes(secret.kemSeed)
    .bytes(secret.handshakeHash)
    .u64(BigInt(secret.createdAt))
    .finish();
}

export function decodeHandshakeSecret(bytes: Uint8Array): HandshakeSecret {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION) throw new UnknownVersionError({ format, version });
  const address = () => getAddress(bytesToHex(r.bytesView(20)) as Hex);
  const secret: HandshakeSecret = {
    account: address(),
    recipient: address(),
    chainId: Number(r.u64()),
    contract: address(),
    ephemeralKey: { secretKey: r.bytesCopy(32), publicKey: r.bytesCopy(32) },
    kemSeed: r.bytesCopy(64),
    handshakeHash: r.bytesCopy(32),
    createdAt: Number(r.u64()),
  };
  r.end();
  return secret;
}
