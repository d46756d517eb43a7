import { aeadTagLength } from "../crypto/aead.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";

/**
 * Message payload, version 1: what a `Message` log carries. An observer sees the version byte, the length and
 * nothing else: no ratchet key, no counter.
 *
 * | offset  | size  | field                                                                       |
 * |---------|-------|-----------------------------------------------------------------------------|
 * | 0       | 1     | version = 0x01                                                              |
 * | 1       | h     | encrypted header = ratchet public key (32) · message number (uvarint, 1-5)  |
 * | 1 + h   | b     | encrypted body (padded plaintext, see ratchet/padding.ts)                   |
 * | end-16  | 16    | Poly1305 tag of the body AEAD                                               |
 *
 * The header has no nonce and no tag of its own (49 bytes saved, ~2,000 gas per message). It is XChaCha20-
 * encrypted under the chain's header key with the body's tag as nonce, and authenticated by the body's AEAD,
 * whose associated data contains the plaintext header. See ratchet/messageCrypto.ts for why this is sound.
 */
export const MESSAGE_VERSION = 0x01;

/** Version, smallest header (32 + 1), a one-byte body, tag. */
export const MIN_MESSAGE_PAYLOAD = 1 + 33 + 1 + aeadTagLength;

/** Splits a payload into its encrypted header-and-body and its tag, after checking version and length. */
export function splitMessagePayload(payload: Uint8Array): { sealed: Uint8Array; tag: Uint8Array } {
  const reader = new ByteReader("message payload", payload);
  const version = reader.u8();
  if (version !== MESSAGE_VERSION) throw new UnknownVersionError({ format: "message payload", version });
  reader.need(MIN_MESSAGE_PAYLOAD - 1);
  return {
    sealed: reader.bytesView(payload.length - 1 - aeadTagLength),
    tag: reader.bytesView(aeadTagLength),
  };
}
