import { getAddress, isAddress, type Address } from "viem";
import { InvalidAddressError } from "../errors/identityErrors.ts";

/**
 * The EIP-191 (`personal_sign`) message whose signature seeds an account's Hushlog keys.
 *
 * It is fixed per account and names no chain, so the same wallet gets the same keys on every chain and device.
 * The wording tells the user, in plain words, what signing does and why the signature is as sensitive as the
 * keys it becomes. Changing one character changes every derived identity: treat it as protocol (version 1).
 */
export function identitySeedMessage(account: Address): string {
  if (!isAddress(account, { strict: false })) throw new InvalidAddressError({ field: "account" });
  return [
    "Hushlog: create my encryption keys",
    "",
    `Account: ${getAddress(account)}`,
    "",
    "Signing this message creates the keys that encrypt and decrypt your Hushlog messages for this account.",
    "It is free: it sends no transaction and costs no gas.",
    "",
    "Anyone who gets this signature can read your Hushlog messages. Only sign it in an app you trust.",
    "",
    "Key version: 1",
  ].join("\n");
}
