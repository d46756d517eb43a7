/**
 * Wire format of a key binding: the `Binding` log's record, and inside handshakes, responses and prekey bundles.
 * `chainId` and `contract` are not transmitted: they are the chain and address of the log that carries the binding,
 * and the signature covers them, so a binding copied to another chain or contract decodes but does not verify. The
 * statement the wallet showed is not transmitted either: receivers recompute it from these fields.
 *
 * Version 2, 41 + 84·d + 20·n + L bytes (190 for an EOA binding of one device without delegates):
 *
 * | offset       | size | field                                                                          |
 * |-------------:|-----:|--------------------------------------------------------------------------------|
 * |            0 |    1 | version = 0x02                                                                 |
 * |            1 |   20 | account (the contract indexes `Binding` logs by these bytes)                   |
 * |           21 |    8 | sequence, u64 big-endian, >= 1                                                 |
 * |           29 |    8 | expiresAt, unix seconds, u64 big-endian                                        |
 * |           37 |    1 | d = device count, at most MAX_BINDING_DEVICES (0 = every device revoked)       |
 * |           38 | 84·d | per device: X25519 key (32) · Ed25519 key (32) · sender (20; zero = none)      |
 * |      38+84·d |    1 | n = delegate count, at most MAX_KEY_BINDING_DELEGATES                          |
 * |      39+84·d | 20·n | delegates (non-zero, distinct, never the account)                             |
 * | 39+84·d+20·n |    2 | L = signature length, u16 big-endian, at least 1                               |
 * | 41+84·d+20·n |    L | signature (65/64-byte ECDSA, ERC-1271 bytes or ERC-6492 wrapper)               |
 *
 * Decoding is canonical: only what the encoder produces is accepted, so one binding has one encoding (a key listed
 * twice, duplicate delegates, the account among its delegates, or zero addresses are refused). Version 1 (no
 * sequence, expiry or device list) is refused: it could not be revoked.
 */
import { bytesToHex, getAddress, hexToBytes, isAddress, isHex, type Address, type Hex } from "viem";
import { MAX_BINDING_DEVICES, MAX_KEY_BINDING_DELEGATES, MAX_KEY_BINDING_SIGNATURE_BYTES } from "../constants.ts";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../errors/wireErrors.ts";
// Type only (erased at runtime): the binding's shape is defined by the identity layer.
import type { BoundDevice, KeyBinding } from "../identity/KeyBinding.ts";

export const KEY_BINDING_FORMAT_VERSION = 2;
const format = "key binding";
/** Bytes before the devices: version, account, sequence, expiry, device count. */
const headSize = 38;
const deviceSize = 84;
const maxUint64 = (1n << 64n) - 1n;

/** Where a binding was found: supplied by the receiver, never read from the wire. */
export type KeyBindingContext = { chainId: number; contract: Address };

const invalid = (field: string, reason: string) => new InvalidFieldError({ format, field, reason });

export function encodeKeyBinding(binding: KeyBinding): Uint8Array {
  const account = addressBytes("account", binding.account);
  for (const [field, value] of [["sequence", binding.sequence], ["expiresAt", binding.expiresAt]] as const) {
    if (typeof value !== "bigint" || value < 0n || value > maxUint64) throw invalid(field, "must fit u64");
  }
  if (binding.sequence < 1n) throw invalid("sequence", "must be at least 1");
  if (binding.devices.length > MAX_BINDING_DEVICES) throw invalid("devices", `at most ${MAX_BINDING_DEVICES}`);
  const devices = binding.devices.map((device) => ({
    x25519: fixedHex("device x25519", device.x25519, 32),
    ed25519: fixedHex("device ed25519", device.ed25519, 32),
    sender: device.sender === null ? new Uint8Array(20) : addressBytes("device sender", device.sender),
  }));
  const delegates = binding.delegates.map((delegate) => addressBytes("delegates", delegate));
  checkDevices(devices);
  checkDelegates(account, delegates);
  if (typeof binding.signature !== "string" || !isHex(binding.signature, { strict: true }) || binding.signature.length % 2) {
    throw invalid("signature", "not hex");
  }
  const signature = hexToBytes(binding.signature);
  if (signature.length < 1 || signature.length > MAX_KEY_BINDING_SIGNATURE_BYTES) {
    throw invalid("signature", `length must be 1..${MAX_KEY_BINDING_SIGNATURE_BYTES}`);
  }

  const delegatesAt = headSize + deviceSize * devices.length + 1;
  const signatureAt = delegatesAt + 20 * delegates.length;
  const out = new Uint8Array(signatureAt + 2 + signature.length);
  const view = new DataView(out.buffer);
  out[0] = KEY_BINDING_FORMAT_VERSION;
  out.set(account, 1);
  view.setBigUint64(21, binding.sequence);
  view.setBigUint64(29, binding.expiresAt);
  out[37] = devices.length;
  devices.forEach((device, i) => {
    const at = headSize + deviceSize * i;
    out.set(device.x25519, at);
    out.set(device.ed25519, at + 32);
    out.set(device.sender, at + 64);
  });
  out[delegatesAt - 1] = delegates.length;
  delegates.forEach((delegate, i) => out.set(delegate, delegatesAt + 20 * i));
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
  const deviceCount = bytes[offset + 37]!;
  if (deviceCount > MAX_BINDING_DEVICES) throw invalid("devices", `${deviceCount} devices, at most ${MAX_BINDING_DEVICES}`);
  const delegatesAt = headSize + deviceSize * deviceCount + 1;
  need(delegatesAt);
  const delegateCount = bytes[offset + delegatesAt - 1]!;
  if (delegateCount > MAX_KEY_BINDING_DELEGATES) throw invalid("delegates", `${delegateCount} delegates, at most ${MAX_KEY_BINDING_DELEGATES}`);
  const signatureAt = delegatesAt + 20 * delegateCount;
  need(signatureAt + 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  const signatureLength = view.getUint16(signatureAt);
  if (signatureLength === 0) throw invalid("signature", "empty");
  need(signatureAt + 2 + signatureLength);

  const at = (start: number, size: number) => bytes.subarray(offset + start, offset + start + size);
  const account = at(1, 20);
  if (isZero(account)) throw invalid("account", "zero address");
  const sequence = view.getBigUint64(21);
  if (sequence === 0n) throw invalid("sequence", "zero");
  const rawDevices = Array.from({ length: deviceCount }, (_, i) => {
    const start = headSize + deviceSize * i;
    return { x25519: at(start, 32), ed25519: at(start + 32, 32), sender: at(start + 64, 20) };
  });
  checkDevices(rawDevices);
  const delegates = Array.from({ length: delegateCount }, (_, i) => at(delegatesAt + 20 * i, 20));
  checkDelegates(account, delegates);

  const devices: BoundDevice[] = rawDevices.map((d) => ({
    x25519: bytesToHex(d.x25519),
    ed25519: bytesToHex(d.ed25519),
    sender: isZero(d.sender) ? null : getAddress(bytesToHex(d.sender)),
  }));
  const binding: KeyBinding = {
    account: getAddress(bytesToHex(account)),
    sequence,
    expiresAt: view.getBigUint64(29),
    devices,
    delegates: delegates.map((delegate) => getAddress(bytesToHex(delegate))),
    chainId: context.chainId,
    contract: getAddress(context.contract),
    signature: bytesToHex(at(signatureAt + 2, signatureLength)),
  };
  return { binding, end: offset + signatureAt + 2 + signatureLength };
}

function addressBytes(field: string, address: string): Uint8Array {
  if (typeof address !== "string" || !isAddress(address, { strict: false })) throw invalid(field, "not an address");
  const bytes = hexToBytes(address as Hex);
  if (isZero(bytes)) throw invalid(field, "zero address");
  return bytes;
}

function fixedHex(field: string, value: string, size: number): Uint8Array {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 2 + 2 * size) {
    throw invalid(field, `must be ${size} bytes`);
  }
  return hexToBytes(value as Hex);
}

/** No key may appear twice (within a device or across devices): one key, one device. */
function checkDevices(devices: { x25519: Uint8Array; ed25519: Uint8Array }[]) {
  const seen = new Set<string>();
  for (const device of devices) {
    for (const key of [device.x25519, device.ed25519]) {
      const hex = bytesToHex(key);
      if (seen.has(hex)) throw invalid("devices", "a key is listed twice");
      seen.add(hex);
    }
  }
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

/**
 * A binding followed by the index (u8) of the device that speaks: how handshakes, responses and prekey bundles name
 * their author. The index must name a device of the binding.
 */
export function encodeDeviceBinding(value: { binding: KeyBinding; device: number }): Uint8Array {
  if (!Number.isInteger(value.device) || value.device < 0 || value.device >= value.binding.devices.length) {
    throw invalid("device", "not a device of the binding");
  }
  const binding = encodeKeyBinding(value.binding);
  const out = new Uint8Array(binding.length + 1);
  out.set(binding);
  out[binding.length] = value.device;
  return out;
}

/** Decodes `encodeDeviceBinding`'s bytes at `offset`; `end` is the offset just after the device index. */
export function decodeDeviceBindingPrefix(
  bytes: Uint8Array,
  offset: number,
  context: KeyBindingContext,
): { binding: KeyBinding; device: number; end: number } {
  const { binding, end } = decodeKeyBindingPrefix(bytes, offset, context);
  if (end >= bytes.length) throw new TruncatedPayloadError({ format, needed: 1, available: 0 });
  const device = bytes[end]!;
  if (device >= binding.devices.length) throw invalid("device", `index ${device} of ${binding.devices.length} devices`);
  return { binding, device, end: end + 1 };
}
