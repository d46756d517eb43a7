/**
 * Wire format of a key binding (inside handshakes and responses). `chainId` and `contract` are not
 * transmitted: they are the chain and address of the log that carries the binding, and the signature covers
 * them, so a binding copied to another chain or contract decodes but does not verify.
 *
 * Version 1, 96 + 20·n + L bytes (161 for an EOA binding without delegates):
 *
 * | offset  | size | field                                                         |
 * |--------:|-----:|---------------------------------------------------------------|
 * |       0 |    1 | version = 0x01                                                |
 * |       1 |   20 | account                                                       |
 * |      21 |   32 | X25519 identity public key                                    |
 * |      53 |   32 | Ed25519 identity public key                                   |
 * |      85 |    8 | issuedAt, unix seconds, u64 big-endian                        |
 * |      93 |    1 | n = delegate count, at most MAX_KEY_BINDING_DELEGATES         |
 * |      94 | 20·n | delegates (non-zero, distinct, never the account)             |
 * | 94+20·n |    2 | L = signature length, u16 big-endian, at least 1              |
 * | 96+20·n |    L | signature (65-byte ECDSA, ERC-1271 bytes or ERC-6492 wrapper) |
 *
 * The version byte costs about 40 gas per handshake and lets the binding change without touching the formats
 * that embed it. Decoding is canonical: only what the encoder produces is accepted, so one binding has one
 * encoding (duplicates, the account among its delegates, or zero addresses are refused).
 */
import { bytesToHex, getAddress, hexToBytes, isAddress, isHex, type Address, type Hex } from "viem";
import { MAX_KEY_BINDING_DELEGATES, MAX_KEY_BINDING_SIGNATURE_BYTES } from "../constants.ts";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../errors/wireErrors.ts";
// Type only (erased at runtime): the binding's shape is defined by the identity layer.
import type { KeyBinding } from "../identity/KeyBinding.ts";

export const KEY_BINDING_FORMAT_VERSION = 1;
const format = "key binding";
/** Bytes before the delegates: version, account, two keys, issuedAt, count. */
const headSize = 94;
const maxUint64 = (1n << 64n) - 1n;

/** Where a binding was found: supplied by the receiver, never read from the wire. */
export type KeyBindingContext = { chainId: number; contract: Address };

const invalid = (field: string, reason: string) => new InvalidFieldError({ format, field, reason });

export function encodeKeyBinding(binding: KeyBinding): Uint8Array {
  const account = addressBytes("account", binding.account);
  const x25519 = fixedHex("x25519", binding.x25519, 32);
  const ed25519 = fixedHex("ed25519", binding.ed25519, 32);
  if (typeof binding.issuedAt !== "bigint" || binding.issuedAt < 0n || binding.issuedAt > maxUint64) {
    throw invalid("issuedAt", "must fit u64");
  }
  const delegates = binding.delegates.map((delegate) => addressBytes("delegates", delegate));
  checkDelegates(account, delegates);
  if (typeof binding.signature !== "string" || !isHex(binding.signature, { strict: true }) || binding.signature.length % 2) {
    throw invalid("signature", "not hex");
  }
  const signature = hexToBytes(binding.signature);
  if (signature.length < 1 || signature.length > MAX_KEY_BINDING_SIGNATURE_BYTES) {
    throw invalid("signature", `length must be 1..${MAX_KEY_BINDING_SIGNATURE_BYTES}`);
  }

  const out = new Uint8Array(headSize + 20 * delegates.length + 2 + signature.length);
  const view = new DataView(out.buffer);
  out[0] = KEY_BINDING_FORMAT_VERSION;
  out.set(account, 1);
  out.set(x25519, 21);
  out.set(ed25519, 53);
  view.setBigUint64(85, binding.issuedAt);
  out[93] = delegates.length;
  delegates.forEach((delegate, i) => out.set(delegate, headSize + 20 * i));
  const signatureAt = headSize + 20 * delegates.length;
  view.setUint16(signatureAt, signature.length);
  out.set(signature, signatureAt + 2);
  return out;
}

/** Decodes a binding that is exactly `bytes`. */
export function decodeKeyBinding(bytes: Uint8Array, context: KeyBindingContext): KeyBinding {
  const { binding, end } = decodeKeyBindingPrefix(bytes, 0, context);
  if (end !== bytes.length) throw new TrailingBytesError({ format, extra: bytes.length - end });
  return binding;
}

/** Decodes a binding starting at `offset` inside a larger payload; `end` is the offset just after it. */
export function decodeKeyBindingPrefix(
  bytes: Uint8Array,
  offset: number,
  context: KeyBindingContext,
): { binding: KeyBinding; end: number } {
  if (!Number.isSafeInteger(context.chainId) || context.chainId <= 0) throw invalid("chainId", "not a positive integer");
  if (!isAddress(context.contract, { strict: false })) throw invalid("contract", "not an address");
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > bytes.length) throw invalid("offset", "outside the input");

  const need = (size: number) => {
    if (bytes.length - offset < size) throw new TruncatedPayloadError({ format, needed: size, available: bytes.length - offset });
  };
  need(1);
  if (bytes[offset] !== KEY_BINDING_FORMAT_VERSION) throw new UnknownVersionError({ format, version: bytes[offset]! });
  need(headSize);
  const count = bytes[offset + 93]!;
  if (count > MAX_KEY_BINDING_DELEGATES) throw invalid("delegates", `${count} delegates, at most ${MAX_KEY_BINDING_DELEGATES}`);
  const signatureAt = headSize + 20 * count;
  need(signatureAt + 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  const signatureLength = view.getUint16(signatureAt);
  if (signatureLength === 0) throw invalid("signature", "empty");
  need(signatureAt + 2 + signatureLength);

  const at = (start: number, size: number) => bytes.subarray(offset + start, offset + start + size);
  const account = at(1, 20);
  const delegates = Array.from({ length: count }, (_, i) => at(headSize + 20 * i, 20));
  if (isZero(account)) throw invalid("account", "zero address");
  checkDelegates(account, delegates);

  const binding: KeyBinding = {
    account: getAddress(bytesToHex(account)),
    x25519: bytesToHex(at(21, 32)),
    ed25519: bytesToHex(at(53, 32)),
    delegates: delegates.map((delegate) => getAddress(bytesToHex(delegate))),
    issuedAt: view.getBigUint64(85),
    chainId: context.chainId,
    contract: getAddress(context.contract),
    signature: bytesToHex(at(signatureAt + 2, signatureLength)),
  };
  return { binding, end: offset + signatureAt + 2 + signatureLength };
}

function addressBytes(field: string, address: string): Uint8Array {
  if (typeof address !== "string" || !isAddress(address, { strict: false })) throw invalid(field, "not an address");
  const bytes = hexToBytes(address as Hex);
  if (field === "account" && isZero(bytes)) throw invalid(field, "zero address");
  return bytes;
}

function fixedHex(field: string, value: string, size: number): Uint8Array {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 2 + 2 * size) {
    throw invalid(field, `must be ${size} bytes`);
  }
  return hexToBytes(value as Hex);
}

function checkDelegates(account: Uint8Array, delegates: Uint8Array[]) {
  if (delegates.length > MAX_KEY_BINDING_DELEGATES) {
    throw invalid("delegates", `${delegates.length} delegates, at most ${MAX_KEY_BINDING_DELEGATES}`);
  }
  const seen = new Set<string>([bytesToHex(account)]);
  for (const delegate of delegates) {
    if (isZero(delegate)) throw invalid("delegates", "zero address");
    const key = bytesToHex(delegate);
    if (seen.has(key)) throw invalid("delegates", "duplicate or the account itself");
    seen.add(key);
  }
}

const isZero = (bytes: Uint8Array) => bytes.every((byte) => byte === 0);
