import { bytesToHex, isAddressEqual, type Address } from "viem";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";

/**
 * Our own binding must describe our identity on this deployment; posting a mismatched one would only produce
 * handshakes every peer rejects, so fail before spending gas.
 */
export function assertOwnBinding(identity: Identity, binding: KeyBinding, { chainId, contract }: { chainId: number; contract: Address }): void {
  if (
    !isAddressEqual(binding.account, identity.account) ||
    binding.x25519.toLowerCase() !== bytesToHex(identity.x25519.publicKey) ||
    binding.ed25519.toLowerCase() !== bytesToHex(identity.ed25519.publicKey) ||
    binding.chainId !== chainId ||
    !isAddressEqual(binding.contract, contract)
  ) {
    throw new InvalidKeyError("key binding: it does not describe this identity on this chain and contract");
  }
}
