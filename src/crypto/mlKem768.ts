import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import { systemRandom, type RandomSource } from "./random.ts";

/** ML-KEM-768 (FIPS 203) sizes, in bytes. */
export const mlKem768Sizes = { publicKey: 1184, secretKey: 2400, cipherText: 1088, sharedSecret: 32, seed: 64 } as const;

export type MlKemKeyPair = { publicKey: Uint8Array; secretKey: Uint8Array };

/** Key pair from a 64-byte seed (d || z): deterministic, so a stored seed is enough to rebuild the keys. */
export function mlKem768KeyPair(seed: Uint8Array): MlKemKeyPair {
  if (seed.length !== mlKem768Sizes.seed) throw new InvalidKeyError("ML-KEM-768 seed length");
  return ml_kem768.keygen(seed);
}

export function mlKem768Seed(random: RandomSource = systemRandom): Uint8Array {
  return random(mlKem768Sizes.seed);
}

export function mlKem768Encapsulate(
  publicKey: Uint8Array,
  random: RandomSource = systemRandom,
): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  if (publicKey.length !== mlKem768Sizes.publicKey) throw new InvalidKeyError("ML-KEM-768 public key length");
  try {
    return ml_kem768.encapsulate(publicKey, random(32));
  } catch (cause) {
    // FIPS 203 encapsulation key check (coefficients reduced mod q) failed.
    throw new InvalidKeyError("ML-KEM-768 public key", { cause });
  }
}

/** Implicit rejection: a wrong or altered ciphertext yields an unrelated secret, never an error (FIPS 203). */
export function mlKem768Decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (cipherText.length !== mlKem768Sizes.cipherText) throw new InvalidKeyError("ML-KEM-768 ciphertext length");
  return ml_kem768.decapsulate(cipherText, secretKey);
}
