import { isAddressEqual, type Hex } from "viem";
import { aeadSeal } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Sign } from "../crypto/ed25519.ts";
import { sha256 } from "../crypto/kdf.ts";
import { mlKem768Encapsulate } from "../crypto/mlKem768.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519, x25519KeyPair } from "../crypto/x25519.ts";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { DeviceBinding, KeyBinding } from "../identity/KeyBinding.ts";
import type { ChainKdfVersion } from "../ratchet/chainKdf.ts";
import { createResponderSession } from "../ratchet/createSession.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import { encodeResponseBoxBody, encodeResponseHeader } from "../wire/responsePayload.ts";
import { assertOwnBinding } from "./assertOwnBinding.ts";
import { responderSignedBytes, responseBoxKey, responseTag, rootSecret } from "./handshakeKdf.ts";
import type { OpenedHandshake } from "./openHandshake.ts";

export type ResponseMessage = { responseTag: Hex; payload: Uint8Array };

const zeroNonce = new Uint8Array(24);

/**
 * Step 2 (DESIGN §2.3): answer a checked handshake. A one-time tag key (r, T) keys the response box and tag; a
 * separate ratchet key (s, S) travels only inside the box; ML-KEM encapsulates to the initiator's ek. Returns the
 * log to post and our session, which can send at once (epoch-0 chain).
 */
export async function respondToHandshake(
  identity: Identity,
  binding: KeyBinding,
  handshake: OpenedHandshake,
  options: { note?: string | null; random?: RandomSource; chainKdf?: ChainKdfVersion } = {},
): Promise<{ message: ResponseMessage; session: RatchetSession; peer: DeviceBinding }> {
  const { chainId, contract } = handshake;
  const random = options.random ?? systemRandom;
  const responder = assertOwnBinding(identity, binding, { chainId, contract });
  if (!isAddressEqual(handshake.recipient, identity.account)) {
    throw new InvalidKeyError("identity: the handshake was addressed to another account");
  }

  const tagKey = await x25519KeyPair(random);
  const ratchetKey = await x25519KeyPair(random);
  const { cipherText, sharedSecret } = mlKem768Encapsulate(handshake.kemPublicKey, random);
  const xTag = await x25519(tagKey.secretKey, handshake.ephemeralKey);
  const handshakeHash = sha256(handshake.payload);

  const boxBody = encodeResponseBoxBody({ ratchetKey: ratchetKey.publicKey, kemCipherText: cipherText, responder, note: options.note });
  const signature = await ed25519Sign(
    identity.ed25519.seed,
    responderSignedBytes({ chainId, contract, handshakeHash, initiator: handshake.initiator.binding.account, tagKey: tagKey.publicKey, boxBody }),
  );
  const header = encodeResponseHeader(tagKey.publicKey);
  const boxPlain = new Uint8Array(boxBody.length + signature.length);
  boxPlain.set(boxBody);
  boxPlain.set(signature, boxBody.length);
  const boxKey = responseBoxKey(xTag);
  const box = aeadSeal(boxKey, zeroNonce, boxPlain, header);
  const payload = new Uint8Array(header.length + box.length);
  payload.set(header);
  payload.set(box, header.length);

  const tag = responseTag(sharedSecret, xTag);
  const rootKey = rootSecret({
    dh: await x25519(ratchetKey.secretKey, handshake.ephemeralKey),
    kemSecret: sharedSecret,
    chainId,
    contract,
    handshakeHash,
    responsePayload: payload,
  });
  wipe(tagKey.secretKey, xTag, boxKey, sharedSecret, boxPlain);
  return {
    message: { responseTag: tag, payload },
    // Handshake format 2 implies chain KDF 2 on both sides (the skip chain); tests may ask for 1.
    session: createResponderSession({ rootKey, ratchetKey, chainId, contract, chainKdf: options.chainKdf ?? 2 }),
    peer: handshake.initiator,
  };
}
