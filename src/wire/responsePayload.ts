import type { Address } from "viem";
import { aeadTagLength } from "../crypto/aead.ts";
import { mlKem768Sizes } from "../crypto/mlKem768.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeDeviceBindingPrefix, encodeDeviceBinding } from "./keyBindingCodec.ts";
import { readNote, writeNote } from "./noteCodec.ts";

/**
 * Handshake response payload, version 2 (the `HandshakeResponse` log's payload). Everything but the tag key is
 * inside an AEAD box, so the responder's ratchet key S, its identity and its note are invisible to observers.
 *
 * | size  | field                                                                                   |
 * |-------|-----------------------------------------------------------------------------------------|
 * | 1     | version = 0x02                                                                          |
 * | 32    | T: responder's one-time tag key (X25519 public)                                          |
 * | rest  | box: XChaCha20-Poly1305(key = HKDF(X25519(r, E)), nonce = 0, AD = version · T) of:      |
 * |       | | 32    | S: responder's first ratchet public key                                    |  |
 * |       | | 1088  | ct: ML-KEM-768 ciphertext to the initiator's ek                             |  |
 * |       | | var   | responder's key binding (v2)                                               |  |
 * |       | | 1     | the responding device's index in it                                        |  |
 * |       | | 2 + n | note: u16 BE length · UTF-8 (visible to the initiator only)                 |  |
 * |       | | 64    | Ed25519 signature over the transcript (handshake/completeHandshake.ts)      |  |
 *
 * The box key is fresh per response (r is one-time), so the zero nonce is never reused. A pending handshake that
 * is not the one answered fails at the box tag, before any ML-KEM work.
 */
export const RESPONSE_VERSION = 0x02;
const format = "handshake response";
const boxFormat = "handshake response box";

export type ResponseBox = {
  ratchetKey: Uint8Array;
  kemCipherText: Uint8Array;
  responder: DeviceBinding;
  note: string | null;
  /** The box's bytes before the signature (the signed transcript includes them). */
  signed: Uint8Array;
  signature: Uint8Array;
};

/** Minimum: version, T, the smallest box (S, ct, an empty binding would not even parse) and the AEAD tag. */
export const MIN_RESPONSE_PAYLOAD = 1 + 32 + 32 + mlKem768Sizes.cipherText + aeadTagLength;

export function encodeResponseHeader(tagKey: Uint8Array): Uint8Array {
  return new ByteWriter(33).u8(RESPONSE_VERSION).bytes(tagKey).finish();
}

export function splitResponsePayload(payload: Uint8Array): { header: Uint8Array; tagKey: Uint8Array; box: Uint8Array } {
  const r = new ByteReader(format, payload);
  const version = r.u8();
  if (version !== RESPONSE_VERSION) throw new UnknownVersionError({ format, version });
  r.need(MIN_RESPONSE_PAYLOAD - 1);
  const tagKey = r.bytesCopy(32);
  return { header: payload.subarray(0, 33), tagKey, box: r.rest() };
}

export function encodeResponseBoxBody(input: {
  ratchetKey: Uint8Array;
  kemCipherText: Uint8Array;
  responder: DeviceBinding;
  note?: string | null;
}): Uint8Array {
  const w = new ByteWriter(1500).bytes(input.ratchetKey).bytes(input.kemCipherText).bytes(encodeDeviceBinding(input.responder));
  writeNote(w, input.note, boxFormat);
  return w.finish();
}

export function decodeResponseBox(plaintext: Uint8Array, context: { chainId: number; contract: Address }): ResponseBox {
  const r = new ByteReader(boxFormat, plaintext);
  const ratchetKey = r.bytesCopy(32);
  const kemCipherText = r.bytesCopy(mlKem768Sizes.cipherText);
  const { binding, device, end } = decodeDeviceBindingPrefix(plaintext, r.offset, context);
  r.offset = end;
  const note = readNote(r);
  const signed = plaintext.slice(0, r.offset);
  const signature = r.bytesCopy(64);
  r.end();
  return { ratchetKey, kemCipherText, responder: { binding, device }, note, signed, signature };
}
