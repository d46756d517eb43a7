import { bytesToHex, getAddress, type Address } from "viem";
import { TruncatedPayloadError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";

/**
 * Decodes a version-1 key binding (protocol v1: one key pair, no sequence, no expiry) as stored inside conversation
 * states written before protocol v2, so those conversations keep working after an upgrade. Never accepted from the
 * chain. The result is marked as legacy by `sequence: 0n` (real bindings start at 1) and never expires; the peer's
 * first published v2 binding that lists the same keys replaces it (see BindingDirectory).
 *
 * Version 1: version (1) · account (20) · X25519 (32) · Ed25519 (32) · issuedAt (8) · n (1) · delegates (20·n) ·
 * L (2) · signature (L).
 */
export function decodeLegacyKeyBindingPrefix(bytes: Uint8Array, offset: number, context: { chainId: number; contract: Address }): { binding: KeyBinding; end: number } {
  const format = "key binding v1";
  const need = (size: number) => {
    if (bytes.length - offset < size) throw new TruncatedPayloadError({ format, needed: size, available: bytes.length - offset });
  };
  need(94);
  if (bytes[offset] !== 1) throw new UnknownVersionError({ format, version: bytes[offset]! });
  const at = (start: number, size: number) => bytes.subarray(offset + start, offset + start + size);
  const count = bytes[offset + 93]!;
  need(94 + 20 * count + 2);
  const signatureLength = (bytes[offset + 94 + 20 * count]! << 8) | bytes[offset + 95 + 20 * count]!;
  need(96 + 20 * count + signatureLength);
  return {
    binding: {
      account: getAddress(bytesToHex(at(1, 20))),
      sequence: 0n,
      expiresAt: (1n << 64n) - 1n,
      devices: [{ x25519: bytesToHex(at(21, 32)), ed25519: bytesToHex(at(53, 32)), sender: null }],
      delegates: Array.from({ length: count }, (_, i) => getAddress(bytesToHex(at(94 + 20 * i, 20)))),
      chainId: context.chainId,
      contract: getAddress(context.contract),
      signature: bytesToHex(at(96 + 20 * count, signatureLength)),
    },
    end: offset + 96 + 20 * count + signatureLength,
  };
}
