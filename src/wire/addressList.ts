import { bytesToHex, getAddress, hexToBytes, type Address } from "viem";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import type { ByteReader } from "./ByteReader.ts";
import type { ByteWriter } from "./ByteWriter.ts";

/**
 * A list of accounts on the wire: count (u8) · 20 bytes each, in strictly ascending byte order. One order means
 * one encoding per set (digests and equality work on bytes), and "strictly" rejects duplicates.
 */
export function writeAddressList(w: ByteWriter, accounts: readonly Address[]): void {
  w.u8(accounts.length);
  for (const account of accounts) w.bytes(hexToBytes(account));
}

export function readAddressList(r: ByteReader, field: string, max: number): Address[] {
  const count = r.u8();
  if (count > max) throw new InvalidFieldError({ format: r.format, field, reason: `${count} entries, limit ${max}` });
  const out: Address[] = [];
  let previous = "";
  for (let i = 0; i < count; i++) {
    const hex = bytesToHex(r.bytesView(20));
    if (hex <= previous) throw new InvalidFieldError({ format: r.format, field, reason: "not in strictly ascending order" });
    previous = hex;
    out.push(getAddress(hex));
  }
  return out;
}

/** Checksummed, deduplicated, ascending: the canonical form of a member set. */
export function sortAddresses(accounts: Iterable<string>): Address[] {
  const unique = [...new Set([...accounts].map((a) => a.toLowerCase()))].sort();
  return unique.map((a) => getAddress(a));
}
