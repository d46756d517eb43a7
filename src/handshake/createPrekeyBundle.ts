import type { Address } from "viem";
import { ed25519Sign } from "../crypto/ed25519.ts";
import { sha256 } from "../crypto/kdf.ts";
import { mlKem768KeyPair, mlKem768Seed } from "../crypto/mlKem768.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519KeyPair } from "../crypto/x25519.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { encodePrekeyBundleBody } from "../wire/prekeyBundleCodec.ts";
import { assertOwnBinding } from "./assertOwnBinding.ts";
import type { OwnPrekey } from "./OwnPrekey.ts";
import { prekeyBundleSignedBytes } from "./prekeyKdf.ts";

/**
 * A fresh prekey bundle: a random X25519 signed prekey and a random ML-KEM-768 last-resort key, both under
 * `prekeyId`, with our binding, signed by our Ed25519 identity key for this deployment. Returns the bytes to
 * publish (`Prekeys` event) and the secrets to store until the bundle's grace period ends.
 *
 * The keys are random, not derived from the identity seed (which has an ML-KEM seed for this purpose): deleting
 * a random key after its grace period makes every handshake made with it unreadable for good, while a derived
 * one could be re-derived by whoever later obtains the wallet's seed signature.
 */
export async function createPrekeyBundle(
  identity: Identity,
  binding: KeyBinding,
  options: { chainId: number; contract: Address; prekeyId: number; now: number; random?: RandomSource },
): Promise<{ bundle: Uint8Array; prekey: OwnPrekey }> {
  const { chainId, contract, prekeyId, now, random = systemRandom } = options;
  const owner = assertOwnBinding(identity, binding, { chainId, contract });
  const signedPrekey = await x25519KeyPair(random);
  const kemSeed = mlKem768Seed(random);
  const kem = mlKem768KeyPair(kemSeed);
  kem.secretKey.fill(0);
  const body = encodePrekeyBundleBody({
    prekeyId,
    createdAt: now,
    signedPrekey: signedPrekey.publicKey,
    kemPublicKey: kem.publicKey,
    owner,
  });
  const signature = await ed25519Sign(identity.ed25519.seed, prekeyBundleSignedBytes(chainId, contract, body));
  const bundle = new Uint8Array(body.length + signature.length);
  bundle.set(body);
  bundle.set(signature, body.length);
  return { bundle, prekey: { id: prekeyId, signedPrekey, kemSeed, bundleHash: sha256(bundle) } };
}
