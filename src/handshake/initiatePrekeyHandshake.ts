import { hexToBytes, isAddressEqual } from "viem";
import { aeadSeal } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Sign } from "../crypto/ed25519.ts";
import { mlKem768Encapsulate } from "../crypto/mlKem768.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519, x25519KeyPair } from "../crypto/x25519.ts";
import { SelfHandshakeError } from "../errors/handshakeErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding, KeyBinding } from "../identity/KeyBinding.ts";
import type { ChainKdfVersion } from "../ratchet/chainKdf.ts";
import { createResponderSession } from "../ratchet/createSession.ts";
import type { RatchetPosition } from "../ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import { encodeDeviceBinding } from "../wire/keyBindingCodec.ts";
import { encodePrekeyHandshakeBox, encodePrekeyHandshakeHeader, PREKEY_HANDSHAKE_TAG } from "../wire/prekeyHandshakePayload.ts";
import { assertOwnBinding } from "./assertOwnBinding.ts";
import type { HandshakeMessage } from "./initiateHandshake.ts";
import type { PrekeyBundle } from "./PrekeyBundle.ts";
import { prekeyBoxKey, prekeyInitiatorSignedBytes, prekeyRootSecret, prekeyTranscript, prekeyViewTag } from "./prekeyKdf.ts";

export type StartedPrekeyHandshake = {
  /** The `Handshake` log to post: topic1 PREKEY_HANDSHAKE_TAG, the payload carries the first message. */
  message: HandshakeMessage;
  /** Our session, already past the first message: later messages go out as ordinary `Message` logs. */
  session: RatchetSession;
  /** The recipient's binding and device, from its bundle. */
  peer: DeviceBinding;
  /** Where the first message sits in the conversation (its message id), as for any sent message. */
  position: RatchetPosition;
};

const zeroNonce = new Uint8Array(24);

/**
 * Offline first contact (PQXDH-style, derivations in prekeyKdf.ts): from the recipient's checked bundle, derive
 * the session at once and put the first ratchet message in the same `Handshake` log, so the recipient reads it
 * whenever it comes back, with no round trip.
 *
 * Session roles. We take the ratchet's "responder" role with ratchet key (e, E): it owns the epoch-0 sending
 * chain derived from SK, so we can send before hearing anything. The recipient takes the "initiator" role with
 * E as our ratchet key and makes the first DH ratchet step when it replies. (Signal instead makes the recipient's
 * signed prekey its first ratchet key; here that key is shared by every initiator for a week and must die after
 * its grace period, so it must not be copied into sessions. E is ours alone and used once.)
 *
 * Topics (DESIGN §2.5) all come from SK, which includes the ML-KEM secret: our later messages, before the reply,
 * go on our epoch-0 topic; the recipient's first reply goes on the topic we announce as `next`. The first
 * message is never posted on a topic of its own, but its AD still binds the epoch-0 topic.
 *
 * Nothing in the log names the recipient: see wire/prekeyHandshakePayload.ts. We are the log's sender anyway.
 */
export async function initiatePrekeyHandshake(
  identity: Identity,
  binding: KeyBinding,
  bundle: PrekeyBundle,
  options: { firstMessage: Uint8Array; random?: RandomSource; chainKdf?: ChainKdfVersion },
): Promise<StartedPrekeyHandshake> {
  const { chainId, contract } = bundle;
  const random = options.random ?? systemRandom;
  const initiator = assertOwnBinding(identity, binding, { chainId, contract });
  if (isAddressEqual(bundle.account, identity.account)) throw new SelfHandshakeError();

  const ephemeral = await x25519KeyPair(random);
  const [dh1, dh2, dh3] = await Promise.all([
    x25519(identity.x25519.secretKey, bundle.signedPrekey),
    x25519(ephemeral.secretKey, hexToBytes(deviceOf(bundle.owner).x25519)),
    x25519(ephemeral.secretKey, bundle.signedPrekey),
  ]);
  const { cipherText, sharedSecret } = mlKem768Encapsulate(bundle.kemPublicKey, random);
  const bindingBytes = encodeDeviceBinding(initiator);
  const transcript = prekeyTranscript({
    chainId,
    contract,
    bundleHash: bundle.hash,
    ephemeralKey: ephemeral.publicKey,
    kemCipherText: cipherText,
    bindingBytes,
  });
  const signature = await ed25519Sign(identity.ed25519.seed, prekeyInitiatorSignedBytes(transcript));
  const header = encodePrekeyHandshakeHeader(ephemeral.publicKey, prekeyViewTag(dh3));
  const boxKey = prekeyBoxKey(dh3);
  const rootKey = prekeyRootSecret({ dh1, dh2, dh3, kemSecret: sharedSecret, transcript });

  // Prekey handshake format 2 implies chain KDF 2 on both sides (the skip chain); tests may ask for 1.
  const session = createResponderSession({ rootKey, ratchetKey: ephemeral, chainId, contract, chainKdf: options.chainKdf ?? 2 });
  const first = await ratchetEncrypt(session, options.firstMessage, { random });
  const boxPlain = encodePrekeyHandshakeBox({ kemCipherText: cipherText, bindingBytes, signature, message: first.payload });
  const box = aeadSeal(boxKey, zeroNonce, boxPlain, header);
  wipe(boxKey, boxPlain);
  const payload = new Uint8Array(header.length + box.length);
  payload.set(header);
  payload.set(box, header.length);
  return {
    message: { recipientTag: PREKEY_HANDSHAKE_TAG, payload },
    session: first.session,
    peer: bundle.owner,
    position: { topic: first.topic, index: 0 },
  };
}
