import { getAddress, type Address } from "viem";

/** Accounts written as `@0x…` (40 hex digits) in a message: sent as the post's mentions, so their apps can flag it. */
export function mentionsIn(text: string): Address[] {
  const found = new Map<string, Address>();
  for (const match of text.matchAll(/@(0x[0-9a-fA-F]{40})(?![0-9a-fA-F])/g)) found.set(match[1]!.toLowerCase(), getAddress(match[1]!));
  return [...found.values()];
}
