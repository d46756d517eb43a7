import { concatBytes } from "viem";
import { MAX_HISTORY_TRANSFER_BYTES } from "../constants.ts";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { HistoryInvalidError } from "../errors/historyErrors.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";

/**
 * The file of a history transfer, version 1: the content (src/wire/historyTransferCodec.ts) signed by the exporting
 * device and sealed to ONE target device of the same account.
 *
 * | offset | size  | field                                                                          |
 * |-------:|------:|--------------------------------------------------------------------------------|
 * |      0 |     4 | magic `HLHT` (0x48 0x4c 0x48 0x54)                                              |
 * |      4 |     1 | version = 0x01                                                                 |
 * |      5 |    32 | E: a fresh X25519 key, used for this file only                                 |
 * |     37 |    32 | T: the target device's X25519 key, as the account's current binding lists it  |
 * |     69 | n+16  | box: XChaCha20-Poly1305(key, nonce = 0, AD = bytes 0..68) of                   |
 * |        |       |   exporter's Ed25519 key (32) · signature (64) · content                       |
 *
 * key = HKDF-SHA256(ikm = X25519(e, T), salt = E · T, info = `labels.history.box`), fresh per file (E is), so the
 * zero nonce is never reused. signature = Ed25519(exporter, `labels.history.signature` · bytes 0..68 · content):
 * it covers the target key, so a target that opens the box cannot re-seal the signed content to a third device.
 * The box is sealed with the same AEAD as the sealed handshake (src/handshake/sealHandshake.ts); T is in the clear so
 * a file given to the wrong device is named as such instead of failing like a tampered one.
 */
export const HISTORY_ENVELOPE_VERSION = 0x01;
const format = "history transfer file";
export const historyMagic = new Uint8Array([0x48, 0x4c, 0x48, 0x54]);
export const HISTORY_HEADER_LENGTH = 69;
export const historyNonce = new Uint8Array(24);

export type HistoryEnvelope = { header: Uint8Array; ephemeralKey: Uint8Array; targetKey: Uint8Array; box: Uint8Array };

export function encodeHistoryHeader(ephemeralKey: Uint8Array, targetKey: Uint8Array): Uint8Array {
  return concatBytes([historyMagic, new Uint8Array([HISTORY_ENVELOPE_VERSION]), ephemeralKey, targetKey]);
}

/** The clear parts, without copying. Typed errors for a file too large, not a transfer, an unknown version or cut short. */
export function splitHistoryEnvelope(file: Uint8Array): HistoryEnvelope {
  if (file.length > MAX_HISTORY_TRANSFER_BYTES) throw new HistoryInvalidError(`larger than ${MAX_HISTORY_TRANSFER_BYTES} bytes`);
  const r = new ByteReader(format, file);
  const magic = r.bytesView(4);
  if (!magic.every((b, i) => b === historyMagic[i])) throw new InvalidFieldError({ format, field: "magic", reason: "not a Hushlog history transfer" });
  const version = r.u8();
  if (version !== HISTORY_ENVELOPE_VERSION) throw new UnknownVersionError({ format, version });
  const ephemeralKey = r.bytesView(32);
  const targetKey = r.bytesView(32);
  // Exporter key, signature, the content's version byte and the box's tag: anything shorter was cut.
  r.need(32 + 64 + 1 + 16);
  return { header: file.subarray(0, HISTORY_HEADER_LENGTH), ephemeralKey, targetKey, box: r.rest() };
}

export function historyBoxKey(shared: Uint8Array, ephemeralKey: Uint8Array, targetKey: Uint8Array): Uint8Array {
  return hkdfSha256(shared, concatBytes([ephemeralKey, targetKey]), labels.history.box, 32);
}

export function historySignedBytes(header: Uint8Array, content: Uint8Array): Uint8Array {
  return concatBytes([labels.history.signature, header, content]);
}
