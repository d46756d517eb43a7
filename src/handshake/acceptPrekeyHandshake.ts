import { hexToBytes, isAddressEqual, type Address } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { mlKem768Decapsulate, mlKem768KeyPair } from "../crypto/mlKem768.ts";
import { x25519 } from "../crypto/x25519.ts";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import { HandshakeSignatureError, SelfHandshakeError } from "../errors/handshakeErrors.ts";
import { PrekeyFirstMessageError } from "../errors/prekeyErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { ChainKdfVersion } from "../ratchet/chainKdf.ts";
import { createInitiatorSession } from "../ratchet/createSession.ts";
import { ratchetDecrypt, type RatchetPosition } from "../ratchet/ratchetDecrypt.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import { wipeSession } from "../ratchet/wipeSession.ts";
import { decodePrekeyHandshakeBox } from "../wire/prekeyHandshakePayload.ts";
import { assertSenderAllowed } from "./assertSenderAllowed.ts";
import type { OwnPrekey } from "./OwnPrekey.ts";
import { prekeyInitiatorSignedBytes, prekeyRootSecret, prekeyTranscript } from "./prekeyKdf.ts";
import type { PrekeyCandidate } from "./scanPrekeyHandshakes.ts";

export type AcceptedPrekeyHandshake = {
  /** Our session, already past the first message (ratchet "initiator" role: our first reply makes a DH step). */
  session: RatchetSession;
  /** The initiator's binding and device: check the binding (`checkKeyBinding`, directory) before committing anything. */
  peer: DeviceBinding;
  /** The first message's plaintext. */
  plaintext: Uint8Array;
  position: RatchetPosition;
  /**
   * With `baseKey`, the (Kyber prekey, signed prekey, base key) triple to record with
   * `markKyberPrekeyUsed(prekeyId, prekeyId, baseKey)` in the same store transaction as the session.
   */
  prekeyId: number;
  baseKey: Uint8Array;
};

/**
 * Accepts a prekey handshake found by `scanPrekeyHandshakes`. Checks, in order: the box parses for this
 * deployment, the initiator is not us, the log's sender may act for the initiator's binding, and the initiator's
 * Ed25519 signature covers this deployment, our bundle, E, the ML-KEM ciphertext and its binding. Then it
 * decapsulates, derives SK and decrypts the first message; only a first message that decrypts proves that the
 * initiator holds the identity key its binding names (DH1) and used our ML-KEM key. Throws a typed error
 * otherwise. Consumes the candidate's secrets.
 *
 * Not checked here: the binding's EIP-712 signature (RPC: `verifyKeyBinding`) and replays (the store's triple
 * refusal, `markKyberPrekeyUsed`). Both must pass before the session is kept.
 */
export async function acceptPrekeyHandshake<L>(
  identity: Identity,
  candidate: PrekeyCandidate<L>,
  prekey: OwnPrekey,
  context: { sender: Address; chainId: number; contract: Address; now?: number; block?: bigint; chainKdf?: ChainKdfVersion },
): Promise<AcceptedPrekeyHandshake> {
  const { chainId, contract } = context;
  try {
    if (candidate.prekeyId !== prekey.id) throw new InvalidKeyError("prekey: the candidate was opened with another prekey");
    const box = decodePrekeyHandshakeBox(candidate.box, { chainId, contract });
    if (isAddressEqual(box.initiator.binding.account, identity.account)) throw new SelfHandshakeError();
    assertSenderAllowed(box.initiator.binding, context.sender);
    const transcript = prekeyTranscript({
      chainId,
      contract,
      bundleHash: prekey.bundleHash,
      ephemeralKey: candidate.ephemeralKey,
      kemCipherText: box.kemCipherText,
      bindingBytes: box.bindingBytes,
    });
    if (!(await ed25519Verify(hexToBytes(deviceOf(box.initiator).ed25519), prekeyInitiatorSignedBytes(transcript), box.signature))) {
      throw new HandshakeSignatureError("handshake");
    }

    const kem = mlKem768KeyPair(prekey.kemSeed);
    const kemSecret = mlKem768Decapsulate(box.kemCipherText, kem.secretKey);
    wipe(kem.secretKey);
    const [dh1, dh2] = await Promise.all([
      x25519(prekey.signedPrekey.secretKey, hexToBytes(deviceOf(box.initiator).x25519)),
      x25519(identity.x25519.secretKey, candidate.ephemeralKey),
    ]);
    const rootKey = prekeyRootSecret({ dh1, dh2, dh3: candidate.dh, kemSecret, transcript });
    // Prekey handshake format 2 implies chain KDF 2 on both sides (the skip chain); tests may ask for 1.
    const chainKdf = context.chainKdf ?? 2;
    const session = createInitiatorSession({ rootKey, theirRatchetKey: candidate.ephemeralKey, chainId, contract, chainKdf });
    let opened: Awaited<ReturnType<typeof ratchetDecrypt>>;
    try {
      opened = await ratchetDecrypt(session, box.message, { topic: session.receiving[0]!.topic, now: context.now, block: context.block });
    } catch (cause) {
      wipeSession(session);
      throw new PrekeyFirstMessageError({ cause });
    }
    return {
      session: opened.session,
      peer: box.initiator,
      plaintext: opened.plaintext,
      position: opened.position,
      prekeyId: prekey.id,
      baseKey: candidate.ephemeralKey.slice(),
    };
  } finally {
    wipe(candidate.dh, candidate.box);
  }
}
