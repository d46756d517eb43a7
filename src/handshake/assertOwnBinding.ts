import { bytesToHex, isAddressEqual, type Address } from "viem";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { DeviceBinding, KeyBinding } from "../identity/KeyBinding.ts";

/**
 * Our own binding must authorise our identity's keys as one of its devices on this deployment; posting a mismatched
 * one would only produce handshakes every peer rejects, so fail before spending gas. Returns our device in it.
 */
export function assertOwnBinding(identity: Identity, binding: KeyBinding, { chainId, contract }: { chainId: number; contract: Address }): DeviceBinding {
  const x25519 = bytesToHex(identity.x25519.publicKey);
  const ed25519 = bytesToHex(identity.ed25519.publicKey);
  const device = binding.devices.findIndex((d) => d.x25519.toLowerCase() === x25519 && d.ed25519.toLowerCase() === ed25519);
  if (device < 0 || !isAddressEqual(binding.account, identity.account) || binding.chainId !== chainId || !isAddressEqual(binding.contract, contract)) {
    throw new InvalidKeyError("key binding: it does not authorise this identity on this chain and contract");
  }
  return { binding, device };
}
