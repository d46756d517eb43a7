import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { MAX_KEY_BINDING_DELEGATES } from "../constants.ts";
import { InvalidDelegatesError } from "../errors/identityErrors.ts";

/**
 * Checksummed, de-duplicated (case-insensitively, first occurrence kept) delegate list. Rejects invalid and zero
 * addresses, the account itself (it may always submit; listing it would only cost calldata), and lists over
 * `MAX_KEY_BINDING_DELEGATES` after de-duplication.
 */
export function normalizeDelegates(account: Address, delegates: readonly string[] = []): Address[] {
  const seen = new Set<string>();
  const result: Address[] = [];
  for (const delegate of delegates) {
    if (typeof delegate !== "string" || !isAddress(delegate, { strict: false })) {
      throw new InvalidDelegatesError("not an address");
    }
    const lower = delegate.toLowerCase();
    if (lower === zeroAddress) throw new InvalidDelegatesError("the zero address");
    if (lower === account.toLowerCase()) throw new InvalidDelegatesError("the account itself is listed");
    if (seen.has(lower)) continue;
    seen.add(lower);
    result.push(getAddress(delegate));
  }
  if (result.length > MAX_KEY_BINDING_DELEGATES) {
    throw new InvalidDelegatesError(`${result.length} delegates, at most ${MAX_KEY_BINDING_DELEGATES}`);
  }
  return result;
}
