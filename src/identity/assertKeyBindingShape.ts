import { isAddress, isHex, zeroAddress } from "viem";
import { MAX_BINDING_DEVICES } from "../constants.ts";
import { InvalidDelegatesError, InvalidKeyBindingError } from "../errors/identityErrors.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { normalizeDelegates } from "./normalizeDelegates.ts";

const maxUint64 = (1n << 64n) - 1n;
const isBytes32 = (value: unknown) => typeof value === "string" && isHex(value, { strict: true }) && value.length === 66;
const isUint64 = (value: unknown) => typeof value === "bigint" && value >= 0n && value <= maxUint64;

/**
 * Throws `InvalidKeyBindingError` unless the binding has the shape `createKeyBinding` produces: valid non-zero
 * account and contract, a positive chain id, uint64 sequence (>= 1) and expiry, at most MAX_BINDING_DEVICES devices
 * with 32-byte keys and no key listed twice, a non-empty hex signature, and a canonical delegate list. Says nothing
 * about the signature.
 */
export function assertKeyBindingShape(binding: KeyBinding): void {
  const fail = (reason: string): never => {
    throw new InvalidKeyBindingError(reason);
  };
  if (!isAddress(binding.account, { strict: false }) || binding.account.toLowerCase() === zeroAddress) fail("account");
  if (!isAddress(binding.contract, { strict: false })) fail("contract");
  if (!Number.isSafeInteger(binding.chainId) || binding.chainId <= 0) fail("chainId");
  if (!isUint64(binding.sequence) || binding.sequence < 1n) fail("sequence");
  if (!isUint64(binding.expiresAt)) fail("expiresAt");
  if (!Array.isArray(binding.devices) || binding.devices.length > MAX_BINDING_DEVICES) fail("devices");
  const keys = new Set<string>();
  for (const device of binding.devices) {
    if (!isBytes32(device.x25519) || !isBytes32(device.ed25519)) fail("device keys must be 32 bytes");
    if (device.sender !== null && (!isAddress(device.sender, { strict: false }) || device.sender.toLowerCase() === zeroAddress)) fail("device sender");
    for (const key of [device.x25519.toLowerCase(), device.ed25519.toLowerCase()]) {
      if (keys.has(key)) fail("a device key is listed twice");
      keys.add(key);
    }
  }
  if (typeof binding.signature !== "string" || !isHex(binding.signature, { strict: true }) || binding.signature.length <= 2 ||
    binding.signature.length % 2 !== 0) {
    fail("signature");
  }
  if (!Array.isArray(binding.delegates)) fail("delegates");
  try {
    const canonical = normalizeDelegates(binding.account, binding.delegates);
    if (canonical.length !== binding.delegates.length) fail("duplicate delegates");
  } catch (error) {
    if (error instanceof InvalidDelegatesError) fail(error.shortMessage);
    throw error;
  }
}
