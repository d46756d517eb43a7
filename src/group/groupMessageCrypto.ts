import { concatBytes, hexToBytes, type Hex } from "viem";
import { aeadOpen, aeadSeal, aeadTagLength, xchacha20Xor } from "../crypto/aead.ts";
import { ed25519Sign, ed25519Verify } from "../crypto/ed25519.ts";
import { labels } from "../crypto/labels.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";
import { GROUP_MESSAGE_VERSION, splitGroupMessagePayload, type GroupMessageParts } from "../wire/groupMessagePayload.ts";

/**
 * One group message's encryption and signature, given its keys (the sender chain decides which keys).
 *
 *   header    = uvarint(iteration)
 *   AD        = version || topic (16) || chainId (8) || contract (20) || header
 *   body      = XChaCha20-Poly1305(key = message key, nonce = 0, AD) -> ciphertext || tag
 *   header ct = header XOR XChaCha20(key = header key, nonce = tag || 0^8)
 *   signature = Ed25519(signing key, label || chainId || contract || topic (16) || version || header ct || body ct || tag)
 *
 * The header construction is the 1:1 one (ratchet/messageCrypto.ts explains why it needs no nonce or tag of its
 * own). The signature covers every payload byte plus the topic and deployment, so a payload cannot be moved to
 * another chain, contract or topic, and it is checked before any key is derived: a forged or altered message costs
 * one verification and changes nothing. The zero body nonce is safe because every message key is used once.
 */
const zeroNonce = new Uint8Array(24);
/** Longest header: a 5-byte varint. */
const maxHeaderLength = 5;

const compactTopic = (topic: Hex) => hexToBytes(topic).subarray(0, 16);

function headerNonce(tag: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(24);
  nonce.set(tag);
  return nonce;
}

function associatedData(topic: Hex, context: Uint8Array, header: Uint8Array): Uint8Array {
  return new ByteWriter(1 + 16 + context.length + header.length)
    .u8(GROUP_MESSAGE_VERSION)
    .bytes(compactTopic(topic))
    .bytes(context)
    .bytes(header)
    .finish();
}

function signedBytes(topic: Hex, context: Uint8Array, signed: Uint8Array): Uint8Array {
  return concatBytes([labels.group.messageSignature, context, compactTopic(topic), signed]);
}

export async function sealGroupMessage(input: {
  messageKey: Uint8Array;
  headerKey: Uint8Array;
  signingSeed: Uint8Array;
  topic: Hex;
  context: Uint8Array;
  iteration: number;
  body: Uint8Array;
}): Promise<Uint8Array> {
  const header = new ByteWriter(maxHeaderLength).uvarint(input.iteration).finish();
  const sealed = aeadSeal(input.messageKey, zeroNonce, input.body, associatedData(input.topic, input.context, header));
  const tag = sealed.subarray(sealed.length - aeadTagLength);
  const headerCipher = xchacha20Xor(input.headerKey, headerNonce(tag), header);
  const unsigned = concatBytes([Uint8Array.of(GROUP_MESSAGE_VERSION), headerCipher, sealed]);
  const signature = await ed25519Sign(input.signingSeed, signedBytes(input.topic, input.context, unsigned));
  return concatBytes([unsigned, signature]);
}

/** Parses the payload and checks its signature; false for a signature that does not verify. */
export async function verifyGroupMessage(
  payload: Uint8Array,
  topic: Hex,
  context: Uint8Array,
  signingPublicKey: Uint8Array,
): Promise<{ parts: GroupMessageParts; valid: boolean }> {
  const parts = splitGroupMessagePayload(payload);
  const valid = await ed25519Verify(signingPublicKey, signedBytes(topic, context, parts.signed), parts.signature);
  return { parts, valid };
}

export type OpenedGroupHeader = { iteration: number; header: Uint8Array; bodyCipher: Uint8Array; tag: Uint8Array };

/** Decrypts and parses the header (one ChaCha block): done before any key derivation. */
export function openGroupHeader(parts: GroupMessageParts, headerKey: Uint8Array): OpenedGroupHeader {
  const span = parts.sealed.subarray(0, Math.min(maxHeaderLength, parts.sealed.length));
  const plain = xchacha20Xor(headerKey, headerNonce(parts.tag), span);
  const reader = new ByteReader("group message header", plain);
  const iteration = reader.uvarint("iteration");
  const header = plain.slice(0, reader.offset);
  const bodyCipher = parts.sealed.subarray(reader.offset);
  if (bodyCipher.length === 0) throw new InvalidFieldError({ format: "group message payload", field: "body", reason: "empty" });
  return { iteration, header, bodyCipher, tag: parts.tag };
}

/** Authenticates and decrypts the body; throws `DecryptionFailedError` on any mismatch. */
export function openGroupBody(opened: OpenedGroupHeader, messageKey: Uint8Array, topic: Hex, context: Uint8Array): Uint8Array {
  const sealed = concatBytes([opened.bodyCipher, opened.tag]);
  return aeadOpen(messageKey, zeroNonce, sealed, associatedData(topic, context, opened.header));
}
