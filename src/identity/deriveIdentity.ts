import { getAddress, hexToBytes, isAddress, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { InvalidAddressError } from "../errors/identityErrors.ts";
import type { Identity } from "./Identity.ts";
import { identityFromSecrets } from "./identityFromSecrets.ts";
import { identitySeedMessage } from "./identitySeedMessage.ts";
import { seedKeyMaterial } from "./seedKeyMaterial.ts";

export type DeriveIdentityParameters = {
  account: Address;
  /** EIP-191 `personal_sign` by `account`, e.g. a viem wallet client's or local account's `signMessage`. */
  signMessage: (args: { message: string }) => Promise<Hex>;
};

/**
 * Derives the account's Hushlog identity from one wallet signature over `identitySeedMessage(account)`:
 * HKDF-SHA256(ikm = signature (canonical low-s for ECDSA), salt = the 20 account bytes, info = a label per key)
 * gives the X25519 identity secret (32), the Ed25519 seed (32) and the ML-KEM-768 seed (64).
 *
 * EOAs sign deterministically (RFC 6979), so the same wallet gives the same keys on every device and chain.
 * Smart accounts may not (ERC-1271 wrappers, passkeys): their signature is accepted as it is, and the resulting
 * identity must be stored (encrypted) and exported with `encodeIdentity`, never silently re-derived, or the
 * account would end up with different keys than its published binding.
 *
 * Errors from `signMessage` (e.g. the user rejecting the request) propagate unchanged.
 */
export async function deriveIdentity({ account, signMessage }: DeriveIdentityParameters): Promise<Identity> {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  const checksummed = getAddress(account);
  const signature = await signMessage({ message: identitySeedMessage(checksummed) });

  const ikm = seedKeyMaterial(signature);
  const salt = hexToBytes(checksummed);
  try {
    return await identityFromSecrets(checksummed, {
      x25519Secret: hkdfSha256(ikm, salt, labels.identity.x25519, 32),
      ed25519Seed: hkdfSha256(ikm, salt, labels.identity.ed25519, 32),
      mlKemSeed: hkdfSha256(ikm, salt, labels.identity.mlKem, 64),
    });
  } finally {
    wipe(ikm);
  }
}
