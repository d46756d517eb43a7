import { hexToBytes, type Hex } from "viem";
import { aeadOpen, aeadSealInto, aeadTagLength, xchacha20Xor, xchacha20XorInto } from "../crypto/aead.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { uvarintLength, writeUvarint } from "../wire/ByteWriter.ts";
import { MESSAGE_VERSION, splitMessagePayload } from "../wire/messagePayload.ts";

/**
 * One message's encryption, given its keys (the ratchet decides which keys).
 *
 *   header = ratchetKey (32) || uvarint(index)
 *   AD     = version || topic (32) || chainId (8) || contract (20) || header
 *   body   = XChaCha20-Poly1305(key = message key, nonce = 0, AD) -> ciphertext || tag
 *   header ciphertext = header XOR XChaCha20(key = header key, nonce = tag || 0^8)
 *
 * Why the header needs no nonce or tag of its own:
 * - Confidentiality: header keys are per chain and the keystream nonce is the body tag, a 128-bit value that is
 *   unpredictable without the (unique, never reused) message key, so two headers of a chain are never
 *   encrypted under the same keystream except with probability ~2^-128 per pair.
 * - Integrity: the plaintext header is in the body's AD, and the receiver derives the message key from the
 *   decrypted header. Any change to the header ciphertext or to the tag yields a different header (or a different
 *   keystream), hence a different key or AD, and the body tag fails. Nothing is accepted or kept from a message
 *   whose body tag fails (the ratchet works on a copy).
 * - The zero body nonce is safe because every message key is used exactly once.
 */
const zeroNonce = new Uint8Array(24);
/** Longest header: ratchet key + a 5-byte varint. */
const maxHeaderLength = 37;
/** version || topic || chainId || contract: the AD bytes before the header. */
const adPrefixLength = 1 + 32 + 28;

/**
 * The header keystream nonce, tag || 0^8, in one reused array: the tag is public, these functions are synchronous,
 * and a fresh small array per call costs more than the XOR it feeds (V8 materializes it for noble's word views).
 */
const headerNonce = new Uint8Array(24);
function headerNonceFor(tag: Uint8Array): Uint8Array {
  headerNonce.set(tag);
  return headerNonce;
}

/** Topic bytes by topic: every message of a chain shares its topic, and hex parsing is the costly part here. */
const topicBytes = new Map<Hex, Uint8Array>();
function topicToBytes(topic: Hex): Uint8Array {
  let bytes = topicBytes.get(topic);
  if (!bytes) {
    if (topicBytes.size > 4_096) topicBytes.clear();
    topicBytes.set(topic, (bytes = hexToBytes(topic)));
  }
  return bytes;
}

/** The AD with room for a header of `headerLength` bytes at its end (written by the caller). */
function associatedData(topic: Hex, context: Uint8Array, headerLength: number): Uint8Array {
  const ad = new Uint8Array(adPrefixLength + headerLength);
  ad[0] = MESSAGE_VERSION;
  ad.set(topicToBytes(topic), 1);
  ad.set(context, 33);
  return ad;
}

export function sealMessage(input: {
  messageKey: Uint8Array;
  headerKey: Uint8Array;
  topic: Hex;
  context: Uint8Array;
  ratchetKey: Uint8Array;
  index: number;
  body: Uint8Array;
}): Uint8Array {
  const headerLength = 32 + uvarintLength(input.index);
  const ad = associatedData(input.topic, input.context, headerLength);
  ad.set(input.ratchetKey, adPrefixLength);
  writeUvarint(ad, adPrefixLength + 32, input.index);
  const header = ad.subarray(adPrefixLength);
  const payload = new Uint8Array(1 + headerLength + input.body.length + aeadTagLength);
  payload[0] = MESSAGE_VERSION;
  const sealed = payload.subarray(1 + headerLength);
  aeadSealInto(input.messageKey, zeroNonce, input.body, ad, sealed);
  xchacha20XorInto(input.headerKey, headerNonceFor(sealed.subarray(sealed.length - aeadTagLength)), header, payload.subarray(1, 1 + headerLength));
  return payload;
}

export type OpenedHeader = { ratchetKey: Uint8Array; index: number; header: Uint8Array; sealedBody: Uint8Array };

/** Decrypts and parses the header. Cheap (one ChaCha block): done before any key derivation. */
export function openHeader(payload: Uint8Array, headerKey: Uint8Array): OpenedHeader {
  const { sealed, tag } = splitMessagePayload(payload);
  const span = sealed.subarray(0, Math.min(maxHeaderLength, sealed.length));
  const plain = xchacha20Xor(headerKey, headerNonceFor(tag), span);
  const reader = new ByteReader("message header", plain);
  const ratchetKey = reader.bytesView(32);
  const index = reader.uvarint("message number");
  if (sealed.length === reader.offset) {
    throw new InvalidFieldError({ format: "message payload", field: "body", reason: "empty" });
  }
  // body ciphertext || tag, contiguous in the payload.
  return { ratchetKey, index, header: plain.subarray(0, reader.offset), sealedBody: payload.subarray(1 + reader.offset) };
}

/** Authenticates and decrypts the body; throws `DecryptionFailedError` on any mismatch. */
export function openBody(opened: OpenedHeader, messageKey: Uint8Array, topic: Hex, context: Uint8Array): Uint8Array {
  const ad = associatedData(topic, context, opened.header.length);
  ad.set(opened.header, adPrefixLength);
  return aeadOpen(messageKey, zeroNonce, opened.sealedBody, ad);
}
