import { bytesToHex, getAddress, hexToBytes, isAddressEqual, type Address } from "viem";
import { mlKem768Sizes } from "../crypto/mlKem768.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeDeviceBindingPrefix, encodeDeviceBinding } from "./keyBindingCodec.ts";

/**
 * Prekey bundle, version 2: the `Prekeys` log's `bundle` (public). 1,534 bytes for an EOA binding of one
 * device without delegates, about 82k gas to publish once a week.
 *
 * | size  | field                                                                                   |
 * |-------|-----------------------------------------------------------------------------------------|
 * | 1     | version = 0x02                                                                          |
 * | 20    | account: the contract indexes the log by these bytes; must be the binding's account     |
 * | 4     | prekey id (u32 BE, >= 1): names both keys below in the owner's store                    |
 * | 8     | createdAt (u64 BE, unix seconds)                                                        |
 * | 32    | SPK: signed X25519 prekey                                                               |
 * | 1184  | ML-KEM-768 last-resort encapsulation key                                                |
 * | var   | the owner's key binding (keyBindingCodec v2; chainId and contract from the log)          |
 * | 1     | the owning device's index in it (its Ed25519 key signs below; first contacts reach it)   |
 * | 64    | Ed25519 signature by the binding's key over                                             |
 * |       |   label · chainId (u64) · contract (20) · every byte above                              |
 *
 * One id for both keys: they are created, published, rotated and deleted together, and a handshake never
 * carries an id in the clear (ids are public here, so they would name the recipient); the recipient finds the
 * key by trial and the id only labels its own records.
 */
export const PREKEY_BUNDLE_VERSION = 0x02;
const format = "prekey bundle";
const maxU32 = 0xffff_ffff;

export type PrekeyBundleBody = {
  prekeyId: number;
  /** Unix seconds. */
  createdAt: number;
  signedPrekey: Uint8Array;
  kemPublicKey: Uint8Array;
  owner: DeviceBinding;
};

export type DecodedPrekeyBundle = PrekeyBundleBody & {
  /** Every byte before the signature: what the signature covers (with the label and deployment prefix). */
  signed: Uint8Array;
  signature: Uint8Array;
};

export function encodePrekeyBundleBody(body: PrekeyBundleBody): Uint8Array {
  if (!Number.isInteger(body.prekeyId) || body.prekeyId < 1 || body.prekeyId > maxU32) {
    throw new InvalidFieldError({ format, field: "prekey id", reason: "must be 1..2^32-1" });
  }
  if (!Number.isSafeInteger(body.createdAt) || body.createdAt < 0) {
    throw new InvalidFieldError({ format, field: "createdAt", reason: "must be a non-negative safe integer" });
  }
  if (body.signedPrekey.length !== 32) throw new InvalidFieldError({ format, field: "signed prekey", reason: "must be 32 bytes" });
  if (body.kemPublicKey.length !== mlKem768Sizes.publicKey) {
    throw new InvalidFieldError({ format, field: "ML-KEM key", reason: `must be ${mlKem768Sizes.publicKey} bytes` });
  }
  return new ByteWriter(1500)
    .u8(PREKEY_BUNDLE_VERSION)
    .bytes(hexToBytes(body.owner.binding.account))
    .u32(body.prekeyId)
    .u64(BigInt(body.createdAt))
    .bytes(body.signedPrekey)
    .bytes(body.kemPublicKey)
    .bytes(encodeDeviceBinding(body.owner))
    .finish();
}

export function decodePrekeyBundle(bytes: Uint8Array, context: { chainId: number; contract: Address }): DecodedPrekeyBundle {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== PREKEY_BUNDLE_VERSION) throw new UnknownVersionError({ format, version });
  const account = getAddress(bytesToHex(r.bytesView(20)));
  const prekeyId = r.u32();
  if (prekeyId === 0) throw new InvalidFieldError({ format, field: "prekey id", reason: "zero" });
  const createdAt = r.u64();
  if (createdAt > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidFieldError({ format, field: "createdAt", reason: "too large" });
  const signedPrekey = r.bytesCopy(32);
  const kemPublicKey = r.bytesCopy(mlKem768Sizes.publicKey);
  const { binding, device, end } = decodeDeviceBindingPrefix(bytes, r.offset, context);
  if (!isAddressEqual(binding.account, account)) throw new InvalidFieldError({ format, field: "account", reason: "differs from the binding's account" });
  r.offset = end;
  const signed = bytes.slice(0, r.offset);
  const signature = r.bytesCopy(64);
  r.end();
  return { prekeyId, createdAt: Number(createdAt), signedPrekey, kemPublicKey, owner: { binding, device }, signed, signature };
}
