import { hexToBytes, type Hex } from "viem";
import { aeadOpen, aeadSeal, aeadTagLength, xchacha20Xor } from "../crypto/aead.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";
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

function headerNonce(tag: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(24);
  nonce.set(tag);
  return nonce;
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

function associatedData(topic: Hex, context: Uint8Array, header: Uint8Array): Uint8Array {
  return new ByteWriter(1 + 32 + context.length + header.length)
    .u8(MESSAGE_VERSION)
    .bytes(topicToBytes(topic))
    .bytes(context)
    .bytes(header)
    .finish();
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
  const header = new ByteWriter(maxHeaderLength).bytes(input.ratchetKey).uvarint(input.index).finish();
  const sealed = aeadSeal(input.messageKey, zeroNonce, input.body, associatedData(input.topic, input.context, header));
  const tag = sealed.subarray(sealed.length - aeadTagLength);
  const headerCipher = xchacha20Xor(input.headerKey, headerNonce(tag), header);
  const payload = new Uint8Array(1 + header.length + sealed.length);
  payload[0] = MESSAGE_VERSION;
  payload.set(headerCipher, 1);
  payload.set(sealed, 1 + header.length);
  return payload;
}

export type OpenedHeader = { ratchetKey: Uint8Array; index: number; header: Uint8Array; bodyCipher: Uint8Array; tag: Uint8Array };

/** Decrypts and parses the header. Cheap (one ChaCha block): done before any key derivation. */
export function openHeader(payload: Uint8Array, headerKey: Uint8Array): OpenedHeader {
  const { sealed, tag } = splitMessagePayload(payload);
  const span = sealed.subarray(0, Math.min(maxHeaderLength, sealed.length));
  const plain = xchacha20Xor(headerKey, headerNonce(tag), span);
  const reader = new ByteReader("message header", plain);
  const ratchetKey = reader.bytesCopy(32);
  const index = reader.uvarint("message number");
  const header = plain.slice(0, reader.offset);
  const bodyCipher = sealed.subarray(reader.offset);
  if (bodyCipher.length === 0) {
    throw new InvalidFieldError({ format: "message payload", field: "body", reason: "empty" });
  }
  return { ratchetKey, index, header, bodyCipher, tag };
}

/** Authenticates and decrypts the body; throws `DecryptionFailedError` on any mismatch. */
export function openBody(opened: OpenedHeader, messageKey: Uint8Array, topic: Hex, context: Uint8Array): Uint8Array {
  const sealed = new Uint8Array(opened.bodyCipher.length + aeadTagLength);
  sealed.set(opened.bodyCipher);
  sealed.set(opened.tag, opened.bodyCipher.length);
  return aeadOpen(messageKey, zeroNonce, sealed, associatedData(topic, context, opened.header));
}
