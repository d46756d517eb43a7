import { isAddressEqual, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Sign } from "../crypto/ed25519.ts";
import { sha256 } from "../crypto/kdf.ts";
import { mlKem768KeyPair } from "../crypto/mlKem768.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519KeyPair } from "../crypto/x25519.ts";
import { SelfHandshakeError } from "../errors/handshakeErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { encodeHandshakeBody } from "../wire/handshakePayload.ts";
import { assertOwnBinding } from "./assertOwnBinding.ts";
import { initiatorSignedBytes } from "./handshakeKdf.ts";
import type { HandshakeSecret } from "./HandshakeSecret.ts";
import { recipientTag } from "./recipientTag.ts";

export type HandshakeMessage = { recipientTag: Hex; payload: Uint8Array };

/**
 * Step 1 of the interactive hybrid handshake (docs/protocol.md): fresh X25519 and ML-KEM-768 ephemeral keys, our
 * binding with our device's index and an optional public note, all signed with our device's Ed25519 identity key
 * together with the deployment and the recipient. Returns the log to post and the secret to keep until the response arrives.
 */
export async function initiateHandshake(
  identity: Identity,
  binding: KeyBinding,
  options: { recipient: Address; note?: string | null; chainId: number; contract: Address; random?: RandomSource; now?: number },
): Promise<{ message: HandshakeMessage; secret: HandshakeSecret }> {
  const { recipient, chainId, contract, random = systemRandom } = options;
  const initiator = assertOwnBinding(identity, binding, { chainId, contract });
  if (isAddressEqual(recipient, identity.account)) throw new SelfHandshakeError();

  const ephemeralKey = await x25519KeyPair(random);
  const kemSeed = random(64);
  const kem = mlKem768KeyPair(kemSeed);
  const body = encodeHandshakeBody({ ephemeralKey: ephemeralKey.publicKey, kemPublicKey: kem.publicKey, initiator, note: options.note });
  wipe(kem.secretKey);
  const signature = await ed25519Sign(identity.ed25519.seed, initiatorSignedBytes({ chainId, contract, recipient, body }));
  const payload = new Uint8Array(body.length + signature.length);
  payload.set(body);
  payload.set(signature, body.length);
  return {
    message: { recipientTag: recipientTag(recipient), payload },
    secret: {
      account: identity.account,
      recipient,
      chainId,
      contract,
      ephemeralKey,
      kemSeed,
      handshakeHash: sha256(payload),
      createdAt: options.now ?? Math.floor(Date.now() / 1000),
    },
  };
}
