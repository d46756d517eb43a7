import { isAddress, isHex, zeroAddress } from "viem";
import { InvalidDelegatesError, InvalidKeyBindingError } from "../errors/identityErrors.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { normalizeDelegates } from "./normalizeDelegates.ts";

const maxUint64 = (1n << 64n) - 1n;
const isBytes32 = (value: unknown) => typeof value === "string" && isHex(value, { strict: true }) && value.length === 66;

/**
 * Throws `InvalidKeyBindingError` unless the binding has the shape `createKeyBinding` produces: valid non-zero
 * account and contract, 32-byte keys, uint64 issuedAt, a positive chain id, a non-empty hex signature, and a
 * canonical delegate list (no duplicates, not the account, within the limit). Says nothing about the signature.
 */
export function assertKeyBindingShape(binding: KeyBinding): void {
  const fail = (reason: string): never => {
    throw new InvalidKeyBindingError(reason);
  };
  if (!isAddress(binding.account, { strict: false }) || binding.account.toLowerCase() === zeroAddress) fail("account");
  if (!isAddress(binding.contract, { strict: false })) fail("contract");
  if (!Number.isSafeInteger(binding.chainId) || binding.chainId <= 0) fail("chainId");
  if (!isBytes32(binding.x25519)) fail("x25519 must be 32 bytes");
  if (!isBytes32(binding.ed25519)) fail("ed25519 must be 32 bytes");
  if (typeof binding.issuedAt !== "bigint" || binding.issuedAt < 0n || binding.issuedAt > maxUint64) fail("issuedAt");
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
