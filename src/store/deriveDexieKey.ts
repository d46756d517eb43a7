import { getAddress, hexToBytes, isAddress, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { InvalidAddressError } from "../errors/identityErrors.ts";
import { identitySeedMessage } from "../identity/identitySeedMessage.ts";
import { seedKeyMaterial } from "../identity/seedKeyMaterial.ts";

export type DeriveDexieKeyParameters = {
  account: Address;
  /** EIP-191 `personal_sign` by `account` (the same shape `deriveIdentity` takes). */
  signMessage: (args: { message: string }) => Promise<Hex>;
};

/**
 * A 32-byte `encryptionKey` for `createDexieStore`, from the same wallet signature the identity comes from (over
 * `identitySeedMessage(account)`), so creating an identity asks the wallet once for both:
 * HKDF-SHA256(ikm = the signature, canonical low-s for ECDSA; salt = the 20 account bytes; info =
 * `hushlog/v1/store/dexie-key`). The label differs from every identity label, so the store key and the messaging
 * keys are independent: a store key leaking from the page's memory gives away neither the signature nor the keys.
 *
 * EOAs sign deterministically, so the same wallet reopens its store on every visit. A smart account whose signer
 * is not deterministic (passkeys, some ERC-1271 wallets) gets a different key each time and its store will not
 * reopen (`WrongPassphraseError`): give such accounts a passphrase-derived key instead.
 *
 * The caller owns the result: wipe it (`key.fill(0)`) once the store is open.
 */
export async function deriveDexieKey({ account, signMessage }: DeriveDexieKeyParameters): Promise<Uint8Array> {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  const message = identitySeedMessage(account);
  const ikm = seedKeyMaterial(await signMessage({ message }));
  try {
    return hkdfSha256(ikm, hexToBytes(getAddress(account)), labels.store.dexieKey, 32);
  } finally {
    wipe(ikm);
  }
}
