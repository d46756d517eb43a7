import type { Address } from "viem";
import { mlKem768Sizes } from "../crypto/mlKem768.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeDeviceBindingPrefix, encodeDeviceBinding } from "./keyBindingCodec.ts";
import { readNote, writeNote } from "./noteCodec.ts";

/**
 * Handshake payload, version 2 (the `Handshake` log's payload; public). About 1.45 kB, dominated by the ML-KEM
 * encapsulation key.
 *
 * | size  | field                                                                                   |
 * |-------|-----------------------------------------------------------------------------------------|
 * | 1     | version = 0x02                                                                          |
 * | 32    | E: ephemeral X25519 public key                                                          |
 * | 1184  | ek: ephemeral ML-KEM-768 encapsulation key                                              |
 * | var   | initiator's key binding (keyBindingCodec v2; chainId and contract come from the log)     |
 * | 1     | the initiating device's index in the binding (its keys sign this payload)                |
 * | 2 + n | note: u16 BE length · UTF-8 (public!)                                                   |
 * | 64    | Ed25519 signature by the binding's key over                                             |
 * |       |   label · chainId (u64) · contract (20) · recipient (20) · every byte above              |
 *
 * The recipient is not in the payload (only hashed into the log's tag) but is signed: a handshake re-posted to
 * someone else fails verification.
 */
export const HANDSHAKE_VERSION = 0x02;
const format = "handshake payload";

export type HandshakePayload = {
  ephemeralKey: Uint8Array;
  kemPublicKey: Uint8Array;
  initiator: DeviceBinding;
  note: string | null;
  /** Every byte before the signature: what the signature covers (with the context prefix). */
  signed: Uint8Array;
  signature: Uint8Array;
};

export function encodeHandshakeBody(input: {
  ephemeralKey: Uint8Array;
  kemPublicKey: Uint8Array;
  initiator: DeviceBinding;
  note?: string | null;
}): Uint8Array {
  const w = new ByteWriter(1600).u8(HANDSHAKE_VERSION).bytes(input.ephemeralKey).bytes(input.kemPublicKey);
  w.bytes(encodeDeviceBinding(input.initiator));
  writeNote(w, input.note, format);
  return w.finish();
}

export function decodeHandshakePayload(payload: Uint8Array, context: { chainId: number; contract: Address }): HandshakePayload {
  const r = new ByteReader(format, payload);
  const version = r.u8();
  if (version !== HANDSHAKE_VERSION) throw new UnknownVersionError({ format, version });
  const ephemeralKey = r.bytesCopy(32);
  const kemPublicKey = r.bytesCopy(mlKem768Sizes.publicKey);
  const { binding, device, end } = decodeDeviceBindingPrefix(payload, r.offset, context);
  r.offset = end;
  const note = readNote(r);
  const signed = payload.slice(0, r.offset);
  const signature = r.bytesCopy(64);
  r.end();
  return { ephemeralKey, kemPublicKey, initiator: { binding, device }, note, signed, signature };
}
