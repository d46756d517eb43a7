import type { Hex } from "viem";
import { aeadTagLength } from "../crypto/aead.ts";
import { UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";

/**
 * Sealed handshake, version 3 (issue 18): an interactive handshake whose recipient is hidden. A `Handshake` log
 * whose topic1 is SEALED_HANDSHAKE_TAG (the same for every recipient) and whose payload is:
 *
 * | size  | field                                                                                      |
 * |-------|--------------------------------------------------------------------------------------------|
 * | 1     | version = 0x03                                                                             |
 * | 32    | E': a fresh X25519 key, used for this envelope only                                        |
 * | 1     | view tag = SHA-256(label · X25519(e', IK_B))[0]  (IK_B: the recipient's X25519 identity key) |
 * | rest  | box: XChaCha20-Poly1305(key = HKDF(X25519(e', IK_B)), nonce = 0, AD = the 34 bytes above)   |
 * |       |   of the handshake payload (handshakePayload v2, unchanged: it signs the recipient)         |
 *
 * The handshake payload was public and its signature covers the recipient, so an observer could test every
 * address on chain against the tag or the signature; inside the box neither is visible. The box key is fresh per
 * handshake (E' is), so the zero nonce is never reused. Recipients find theirs like prekey first contacts: one
 * X25519 and one hash per log, 255 of 256 foreign logs dismissed by the view tag. Costs 49 bytes (~2,000 gas)
 * on a ~1.45 kB handshake. The response format is unchanged (its tag was never linkable to the handshake).
 */
export const SEALED_HANDSHAKE_VERSION = 0x03;

/**
 * topic1 of every sealed handshake. Mostly zero bytes (cheaper calldata), distinct from PREKEY_HANDSHAKE_TAG (0x…01)
 * and from any keccak256 recipient tag of the legacy scheme.
 */
export const SEALED_HANDSHAKE_TAG: Hex = "0x0000000000000000000000000000000000000000000000000000000000000002";

const format = "sealed handshake";
/** version, E', view tag */
export const SEALED_HANDSHAKE_HEADER_LENGTH = 34;
/** What sealing adds to a handshake payload: the header and the box's tag (49 bytes). */
export const SEALED_HANDSHAKE_OVERHEAD = SEALED_HANDSHAKE_HEADER_LENGTH + aeadTagLength;
/** The header and the box's tag around at least a version byte: anything shorter is not one. */
export const MIN_SEALED_HANDSHAKE_PAYLOAD = SEALED_HANDSHAKE_HEADER_LENGTH + 1 + aeadTagLength;

export type SealedHandshakeHeader = { header: Uint8Array; ephemeralKey: Uint8Array; viewTag: number; box: Uint8Array };

/** The clear part, without copying. Throws a typed wire error for a wrong version or a payload too short. */
export function splitSealedHandshake(payload: Uint8Array): SealedHandshakeHeader {
  const r = new ByteReader(format, payload);
  const version = r.u8();
  if (version !== SEALED_HANDSHAKE_VERSION) throw new UnknownVersionError({ format, version });
  r.need(MIN_SEALED_HANDSHAKE_PAYLOAD - 1);
  const ephemeralKey = r.bytesView(32);
  const viewTag = r.u8();
  return { header: payload.subarray(0, SEALED_HANDSHAKE_HEADER_LENGTH), ephemeralKey, viewTag, box: r.rest() };
}

export function encodeSealedHandshakeHeader(ephemeralKey: Uint8Array, viewTag: number): Uint8Array {
  const header = new Uint8Array(SEALED_HANDSHAKE_HEADER_LENGTH);
  header[0] = SEALED_HANDSHAKE_VERSION;
  header.set(ephemeralKey, 1);
  header[33] = viewTag;
  return header;
}
