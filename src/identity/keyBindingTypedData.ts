import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingDomain } from "./keyBindingDomain.ts";
import { keyBindingTypes } from "./keyBindingTypes.ts";

/** The full EIP-712 definition a binding's signature covers (what the wallet signs and the verifier hashes). */
export function keyBindingTypedData(binding: Omit<KeyBinding, "signature">) {
  return {
    domain: keyBindingDomain({ chainId: binding.chainId, contract: binding.contract }),
    types: keyBindingTypes,
    primaryType: "KeyBinding" as const,
    message: {
      account: binding.account,
      x25519: binding.x25519,
      ed25519: binding.ed25519,
      delegates: binding.delegates,
      issuedAt: binding.issuedAt,
    },
  };
}
