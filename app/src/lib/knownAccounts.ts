import type { Address } from "viem";

/**
 * Which accounts have a Hushlog identity in this browser's store (so the first screen says "Unlock" rather than
 * "Create"). Only the fact, keyed by store and account: the identity itself stays in the encrypted store.
 */
const key = (storeName: string, account: Address) => `hushlog.known.${storeName}.${account.toLowerCase()}`;

export function isKnownAccount(storeName: string, account: Address): boolean {
  return localStorage.getItem(key(storeName, account)) === "1";
}

export function rememberAccount(storeName: string, account: Address): void {
  localStorage.setItem(key(storeName, account), "1");
}
