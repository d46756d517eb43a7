import { getAddress, isAddress, type Address } from "viem";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { InvalidAddressError } from "../errors/identityErrors.ts";
import type { Identity } from "./Identity.ts";
import { identityFromSecrets } from "./identityFromSecrets.ts";

/**
 * A new device's identity: fresh random X25519, Ed25519 and ML-KEM seeds, owned by nobody else. Every device of an
 * account has its own (docs/protocol.md, "Devices"): an identity derived from the wallet's signature would be the
 * same on every machine that wallet signs on, so a second machine would hold the first one's keys without any of
 * its sessions, and the peer could not tell them apart (issue 17's silent loss). A random identity exists only in
 * the store it is saved to: keep it in an encrypted store (`encodeIdentity`) and back it up.
 *
 * `random` is for tests only; the default is the platform CSPRNG.
 *
 * @example
 * const identity = await createDeviceIdentity({ account });
 * await store.save(encodeIdentity(identity));
 */
export async function createDeviceIdentity({ account, random = systemRandom }: { account: Address; random?: RandomSource }): Promise<Identity> {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  return identityFromSecrets(getAddress(account), { x25519Secret: random(32), ed25519Seed: random(32), mlKemSeed: random(64) });
}
