import type { Address } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { ed25519PublicKey } from "../crypto/ed25519.ts";
import { x25519PublicKey } from "../crypto/x25519.ts";
import { createIdentity } from "./createIdentity.ts";
import type { Identity } from "./Identity.ts";

/**
 * The identity of `account` from its three secrets (X25519 secret 32, Ed25519 seed 32, ML-KEM-768 seed 64), however
 * they were made: derived from a wallet signature (deriveIdentity) or drawn at random for a device
 * (createDeviceIdentity). Computes the public keys and takes ownership of the secrets: on success they belong to the
 * identity (`wipeIdentity` reaches them), on failure they are wiped here, since nobody else will.
 *
 * @example
 * const identity = await identityFromSecrets(account, { x25519Secret, ed25519Seed, mlKemSeed });
 */
export async function identityFromSecrets(
  account: Address,
  secrets: { x25519Secret: Uint8Array; ed25519Seed: Uint8Array; mlKemSeed: Uint8Array },
): Promise<Identity> {
  const { x25519Secret, ed25519Seed, mlKemSeed } = secrets;
  try {
    const [x25519Public, ed25519Public] = await Promise.all([x25519PublicKey(x25519Secret), ed25519PublicKey(ed25519Seed)]);
    return createIdentity({
      account,
      x25519: { secretKey: x25519Secret, publicKey: x25519Public },
      ed25519: { seed: ed25519Seed, publicKey: ed25519Public },
      mlKemSeed,
    });
  } catch (error) {
    wipe(x25519Secret, ed25519Seed, mlKemSeed);
    throw error;
  }
}
