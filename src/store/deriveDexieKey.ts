import { getAddress, hexToBytes, isAddress, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { InvalidAddressError } from "../errors/identityErrors.ts";
import { seedKeyMaterial } from "../identity/seedKeyMaterial.ts";

export type DeriveDexieKeyParameters = {
  account: Address;
  /** EIP-191 `personal_sign` by `account` (the same shape `deriveIdentity` takes). */
  signMessage: (args: { message: string }) => Promise<Hex>;
};

/**
 * The EIP-191 message whose signature unlocks this account's encrypted IndexedDB store. Deliberately not the
 * identity seed message: a store key leaking (it sits in the page's memory while the store is open) must not give
 * away the messaging keys, and the wording tells the user which of the two they are signing.
 */
export function dexieKeyMessage(account: Address): string {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  return [
    "Hushlog: unlock my messages in this browser",
    "",
    `Account: ${getAddress(account)}`,
    "",
    "Signing this message opens the encrypted copy of your Hushlog messages that this browser keeps.",
    "It is free: it sends no transaction and costs no gas.",
    "",
    "Anyone who gets this signature and this browser's data can read that copy. Only sign it in an app you trust.",
    "",
    "Key version: 1",
  ].join("\n");
}

/**
 * A 32-byte `encryptionKey` for `createDexieStore`, from one wallet signature over `dexieKeyMessage(account)`:
 * HKDF-SHA256(ikm = the signature, canonical low-s for ECDSA; salt = the 20 account bytes; info =
 * `hushlog/v1/store/dexie-key`).
 *
 * EOAs sign deterministically, so the same wallet reopens its store on every visit. A smart account whose signer
 * is not deterministic (passkeys, some ERC-1271 wallets) gets a different key each time and its store will not
 * reopen (`WrongPassphraseError`): give such accounts a passphrase-derived key instead.
 *
 * The caller owns the result: wipe it (`key.fill(0)`) once the store is open.
 */
export async function deriveDexieKey({ account, signMessage }: DeriveDexieKeyParameters): Promise<Uint8Array> {
  const message = dexieKeyMessage(account);
  const ikm = seedKeyMaterial(await signMessage({ message }));
  try {
    return hkdfSha256(ikm, hexToBytes(getAddress(account)), labels.store.dexieKey, 32);
  } finally {
    wipe(ikm);
  }
}
