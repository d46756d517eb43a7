import { bytesToHex, type Hex } from "viem";
import { InvalidStoreInputError } from "../../errors/storeErrors.ts";

const hexPattern = /^0x[0-9a-f]*$/i;

/**
 * EVM addresses, hashes and topics are case-insensitive hex, but viem hands out checksummed addresses while logs
 * carry lowercase ones: every pure-hex key or index value is lowercased so both find the same record. Other
 * strings are kept exactly.
 */
export function normalizeId(value: string): string {
  return value.charCodeAt(0) === 48 /* 0 */ && hexPattern.test(value) ? value.toLowerCase() : value;
}

/** A key made of several strings, unambiguous whatever they contain (length-prefixed). */
export function compositeKey(...parts: string[]): string {
  let key = "";
  for (const part of parts) {
    const normalized = normalizeId(part);
    key += `${normalized.length}:${normalized}`;
  }
  return key;
}

export function bytesKey(bytes: Uint8Array): Hex {
  return bytesToHex(bytes);
}

/** Ids of prekeys, devices and versions: non-negative safe integers, stored as text keys and int indexes. */
export function checkId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id < 0) throw new InvalidStoreInputError(`${what} must be a non-negative integer`);
  return id;
}

export function idKey(id: number, what: string): string {
  return String(checkId(id, what));
}
