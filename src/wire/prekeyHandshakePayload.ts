import type { Address, Hex } from "viem";
import { aeadTagLength } from "../crypto/aead.ts";
import { mlKem768Sizes } from "../crypto/mlKem768.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { decodeDeviceBindingPrefix } from "./keyBindingCodec.ts";
import { MIN_MESSAGE_PAYLOAD } from "./messagePayload.ts";

/**
 * Prekey handshake, version 2: a `Handshake` log whose topic1 is PREKEY_HANDSHAKE_TAG (the same for every
 * recipient) and whose payload is:
 *
 * | size  | field                                                                                   |
 * |-------|-----------------------------------------------------------------------------------------|
 * | 1     | version = 0x02                                                                          |
 * | 32    | E: initiator's ephemeral X25519 key (PQXDH base key, and its first ratchet key)         |
 * | 1     | view tag = SHA-256(label · X25519(e, SPK))[0]                                           |
 * | rest  | box: XChaCha20-Poly1305(key = HKDF(X25519(e, SPK)), nonce = 0, AD = the 34 bytes above) |
 * |       | | 1088 | ct: ML-KEM-768 ciphertext to the recipient's last-resort key                  |  |
 * |       | | var  | initiator's key binding (keyBindingCodec v2) · its device index (u8)           |  |
 * |       | | 64   | initiator's Ed25519 signature over the transcript (handshake/prekeyKdf.ts)      |  |
 * |       | | rest | first message: a ratchet message payload (messagePayload v1)                   |  |
 *
 * Only E, the view tag and ciphertext are visible: nothing names the recipient (no tag derived from its address,
 * no prekey id, no signature an observer could test against candidate recipients, no KEM ciphertext to test
 * against published KEM keys). The box key is fresh per handshake (E is), so the zero nonce is never reused.
 * The initiator is public anyway: it is the log's sender.
 */
export const PREKEY_HANDSHAKE_VERSION = 0x02;

/**
 * topic1 of every prekey handshake: recipients fetch them all with one filter and find theirs by view tag.
 * Mostly zero bytes on purpose: a zero calldata byte costs a quarter of a non-zero one (about 900 gas saved per
 * handshake against a hash-like constant), and no interactive recipient tag (a keccak256 output) can equal it.
 */
export const PREKEY_HANDSHAKE_TAG: Hex = "0x0000000000000000000000000000000000000000000000000000000000000001";

const format = "prekey handshake";
const boxFormat = "prekey handshake box";
/** version, E, view tag */
export const PREKEY_HANDSHAKE_HEADER_LENGTH = 34;
/**
 * Header, ML-KEM ciphertext, the smallest binding that can speak (one device, no delegates, a 1-byte signature:
 * 41 + 84 + 1) and its device index, signature, the smallest message, box tag.
 */
export const MIN_PREKEY_HANDSHAKE_PAYLOAD =
  PREKEY_HANDSHAKE_HEADER_LENGTH + mlKem768Sizes.cipherText + 127 + 64 + MIN_MESSAGE_PAYLOAD + aeadTagLength;

export type PrekeyHandshakeHeader = {
  /** The 34 header bytes (the box's associated data). */
  header: Uint8Array;
  ephemeralKey: Uint8Array;
  viewTag: number;
  box: Uint8Array;
};

/**
 * The clear part of a prekey handshake, without copying (the scan reads thousands). Throws a typed wire error
 * for a wrong version or a payload too short to be one.
 */
export function splitPrekeyHandshake(payload: Uint8Array): PrekeyHandshakeHeader {
  const r = new ByteReader(format, payload);
  const version = r.u8();
  if (version !== PREKEY_HANDSHAKE_VERSION) throw new UnknownVersionError({ format, version });
  r.need(MIN_PREKEY_HANDSHAKE_PAYLOAD - 1);
  const ephemeralKey = r.bytesView(32);
  const viewTag = r.u8();
  return { header: payload.subarray(0, PREKEY_HANDSHAKE_HEADER_LENGTH), ephemeralKey, viewTag, box: r.rest() };
}

export function encodePrekeyHandshakeHeader(ephemeralKey: Uint8Array, viewTag: number): Uint8Array {
  const header = new Uint8Array(PREKEY_HANDSHAKE_HEADER_LENGTH);
  header[0] = PREKEY_HANDSHAKE_VERSION;
  header.set(ephemeralKey, 1);
  header[33] = viewTag;
  return header;
}

export type PrekeyHandshakeBox = {
  kemCipherText: Uint8Array;
  initiator: DeviceBinding;
  /** The binding's exact bytes with the device index (signed and hashed into the transcript). */
  bindingBytes: Uint8Array;
  signature: Uint8Array;
  message: Uint8Array;
};

/** The box plaintext; the caller seals it (and wipes this buffer). */
export function encodePrekeyHandshakeBox(box: Omit<PrekeyHandshakeBox, "initiator">): Uint8Array {
  return new ByteWriter(1400 + box.message.length)
    .bytes(box.kemCipherText)
    .bytes(box.bindingBytes)
    .bytes(box.signature)
    .bytes(box.message)
    .finish();
}

export function decodePrekeyHandshakeBox(plaintext: Uint8Array, context: { chainId: number; contract: Address }): PrekeyHandshakeBox {
  const r = new ByteReader(boxFormat, plaintext);
  const kemCipherText = r.bytesCopy(mlKem768Sizes.cipherText);
  const { binding, device, end } = decodeDeviceBindingPrefix(plaintext, r.offset, context);
  const bindingBytes = plaintext.slice(r.offset, end);
  r.offset = end;
  const signature = r.bytesCopy(64);
  r.need(MIN_MESSAGE_PAYLOAD);
  return { kemCipherText, initiator: { binding, device }, bindingBytes, signature, message: r.rest().slice() };
}
