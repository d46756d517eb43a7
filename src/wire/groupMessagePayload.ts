import { aeadTagLength } from "../crypto/aead.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";

/**
 * Group message payload, version 1: what a `Message` log on a sender chain's topic carries. An observer sees the
 * version byte, the topic, the sender and the padded length; not the iteration.
 *
 * | offset   | size | field                                                                        |
 * |----------|------|------------------------------------------------------------------------------|
 * | 0        | 1    | version = 0x01                                                               |
 * | 1        | h    | encrypted header = iteration (uvarint, 1-5 bytes)                            |
 * | 1 + h    | b    | encrypted body (padded plaintext, see ratchet/padding.ts)                    |
 * | end-80   | 16   | Poly1305 tag of the body AEAD                                                |
 * | end-64   | 64   | Ed25519 signature by the sender chain's signing key over everything before it |
 *
 * No chain id: the topic names the chain. No sender account: the log's `sender` is msg.sender, and the topic's
 * derivation binds the chain to its owner. The header is hidden as in 1:1 messages (XChaCha20 under the chain's
 * header key, with the body tag as nonce, authenticated by the body AEAD). The signature is what keeps members from
 * forging each other: every member holds the chain key, so the AEAD alone proves only "some member wrote this".
 * Compared with a 1:1 message (32-byte ratchet key in the header) it costs 32 bytes more, ~1,300 gas.
 */
export const GROUP_MESSAGE_VERSION = 0x01;

export const groupSignatureLength = 64;

/** Version, one-byte header, one-byte body, tag, signature. */
export const MIN_GROUP_MESSAGE_PAYLOAD = 1 + 1 + 1 + aeadTagLength + groupSignatureLength;

export type GroupMessageParts = {
  /** Everything the signature covers: version, encrypted header and body, tag. */
  signed: Uint8Array;
  /** Encrypted header followed by the encrypted body (the boundary is known only after the header is decrypted). */
  sealed: Uint8Array;
  tag: Uint8Array;
  signature: Uint8Array;
};

/** Splits a payload after checking its version and length. Views into `payload`. */
export function splitGroupMessagePayload(payload: Uint8Array): GroupMessageParts {
  const reader = new ByteReader("group message payload", payload);
  const version = reader.u8();
  if (version !== GROUP_MESSAGE_VERSION) throw new UnknownVersionError({ format: "group message payload", version });
  reader.need(MIN_GROUP_MESSAGE_PAYLOAD - 1);
  const sealed = reader.bytesView(payload.length - 1 - aeadTagLength - groupSignatureLength);
  const tag = reader.bytesView(aeadTagLength);
  const signature = reader.bytesView(groupSignatureLength);
  return { signed: payload.subarray(0, payload.length - groupSignatureLength), sealed, tag, signature };
}
