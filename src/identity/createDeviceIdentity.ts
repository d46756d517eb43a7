import { getAddress, isAddress, type Address } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { ed25519PublicKey } from "../crypto/ed25519.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519PublicKey } from "../crypto/x25519.ts";
import { InvalidAddressError } from "../errors/identityErrors.ts";
import { createIdentity } from "./createIdentity.ts";
import type { Identity } from "./Identity.ts";

/**
 * A new device's identity: fresh random X25519, Ed25519 and ML-KEM seeds, owned by nobody else. Every device of an
 * account has its own (docs/protocol.md, "Devices"): an identity derived from the wallet's signature would be the
 * same on every machine that wallet signs on, so a second machine would hold the first one's keys without any of
 * its sessions, and the peer could not tell them apart (issue 17's silent loss). A random identity exists only in
 * the store it is saved to: keep it encrypted at rest (`encodeDeviceRecord`) and back it up.
 *
 * `random` is for tests only; the default is the platform CSPRNG.
 *
 * @example
 * const identity = await createDeviceIdentity({ account });
 * await store.save(encodeDeviceRecord({ identity, sendingKey }));
 */
export async function createDeviceIdentity({ account, random = systemRandom }: { account: Address; random?: RandomSource }): Promise<Identity> {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  const x25519Secret = random(32);
  const ed25519Seed = random(32);
  const mlKemSeed = random(64);
  try {
    const [x25519Public, ed25519Public] = await Promise.all([x25519PublicKey(x25519Secret), ed25519PublicKey(ed25519Seed)]);
    return createIdentity({
      account: getAddress(account),
      x25519: { secretKey: x25519Secret, publicKey: x25519Public },
      ed25519: { seed: ed25519Seed, publicKey: ed25519Public },
      mlKemSeed,
    });
  } catch (error) {
    wipe(x25519Secret, ed25519Seed, mlKemSeed);
    throw error;
  }
}
