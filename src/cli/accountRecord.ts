/**
 * What the CLI keeps in an account store's `DeviceStore` (encrypted with the rest of the store): the identity,
 * the wallet key that pays for transactions, and the key bindings signed for each deployment. Version 1:
 *
 * | offset | size | field                                                        |
 * |-------:|-----:|--------------------------------------------------------------|
 * |      0 |    4 | magic `HLCA` (0x48 0x4c 0x43 0x41)                            |
 * |      4 |    1 | version = 0x01                                               |
 * |      5 |  213 | identity (`encodeIdentity`, version 1)                       |
 * |    218 |    1 | wallet key kind: 0x00 none, 0x01 secp256k1 private key       |
 * |    219 | 0/32 | wallet private key (present for kind 0x01)                   |
 * |      … |    1 | number of key bindings b (0..255)                            |
 * |      … |    … | b times: chain id (u64 BE), contract (20), length (u16 BE), `encodeKeyBinding` bytes |
 *
 * Bindings are per chain and contract; a binding for a new deployment is signed with the wallet key on first use,
 * and renewed the same way shortly before it expires. Protocol-v1 bindings found in older records are dropped.
 * The same bytes travel in backups, which carry them under their own encryption.
 */
import { bytesToHex, getAddress, hexToBytes, isAddressEqual, type Address, type Hex } from "viem";
import { decodeIdentity, decodeKeyBinding, encodeIdentity, encodeKeyBinding, type Identity, type KeyBinding } from "../index.ts";
import { CliError, exitCodes } from "./errors.ts";

export type AccountRecord = {
  identity: Identity;
  /** The wallet's private key; null only inside a backup exported without it. */
  walletKey: Hex | null;
  bindings: KeyBinding[];
};

const magic = [0x48, 0x4c, 0x43, 0x41];
const version = 1;
const identitySize = 213;

export function encodeAccountRecord(record: AccountRecord): Uint8Array {
  const parts: number[] = [...magic, version];
  const identity = encodeIdentity(record.identity);
  const out: Uint8Array[] = [new Uint8Array(parts), identity];
  out.push(record.walletKey ? new Uint8Array([1, ...hexToBytes(record.walletKey)]) : new Uint8Array([0]));
  if (record.bindings.length > 255) throw new RangeError("too many key bindings");
  out.push(new Uint8Array([record.bindings.length]));
  for (const binding of record.bindings) {
    const bytes = encodeKeyBinding(binding);
    const head = new Uint8Array(8 + 20 + 2);
    new DataView(head.buffer).setBigUint64(0, BigInt(binding.chainId));
    head.set(hexToBytes(binding.contract), 8);
    new DataView(head.buffer).setUint16(28, bytes.length);
    out.push(head, bytes);
  }
  const total = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of out) {
    total.set(part, offset);
    offset += part.length;
    if (part === identity) part.fill(0);
  }
  return total;
}

export function decodeAccountRecord(bytes: Uint8Array): AccountRecord {
  const corrupt = (why: string) => new CliError(exitCodes.badInput, `the account record is not valid (${why})`);
  let offset = 0;
  const take = (length: number) => {
    if (offset + length > bytes.length) throw corrupt("truncated");
    const view = bytes.subarray(offset, offset + length);
    offset += length;
    return view;
  };
  if (!take(4).every((b, i) => b === magic[i])) throw corrupt("not a hushlog CLI account");
  const found = take(1)[0]!;
  if (found !== version) throw corrupt(`unknown version ${found}: upgrade hushlog`);
  const identity = decodeIdentity(take(identitySize));
  const kind = take(1)[0]!;
  if (kind > 1) throw corrupt(`unknown wallet key kind ${kind}`);
  const walletKey = kind === 1 ? bytesToHex(take(32)) : null;
  const count = take(1)[0]!;
  const bindings: KeyBinding[] = [];
  for (let i = 0; i < count; i++) {
    const head = take(30);
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const chainId = Number(view.getBigUint64(0));
    const contract = getAddress(bytesToHex(head.subarray(8, 28)));
    const bytes = take(view.getUint16(28));
    // A protocol-v1 binding (before bindings were numbered, expiring and published) is dropped: the next command
    // signs a v2 one with the stored wallet key.
    if (bytes[0] === 1) continue;
    bindings.push(decodeKeyBinding(bytes, { chainId, contract }));
  }
  if (offset !== bytes.length) throw corrupt("trailing bytes");
  return { identity, walletKey, bindings };
}

export function findBinding(record: AccountRecord, chainId: number, contract: Address): KeyBinding | undefined {
  return record.bindings.find((b) => b.chainId === chainId && isAddressEqual(b.contract, contract));
}
