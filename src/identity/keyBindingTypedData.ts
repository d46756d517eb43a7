import { zeroAddress } from "viem";
import { bindingStatement } from "./bindingStatement.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingDomain } from "./keyBindingDomain.ts";
import { keyBindingTypes } from "./keyBindingTypes.ts";

/**
 * The full EIP-712 definition a binding's signature covers (what the wallet signs and the verifier hashes), with
 * the statement recomputed from the fields. A device without its own sender is signed as the zero address.
 */
export function keyBindingTypedData(binding: Omit<KeyBinding, "signature">) {
  return {
    domain: keyBindingDomain({ chainId: binding.chainId, contract: binding.contract }),
    types: keyBindingTypes,
    primaryType: "HushlogDevices" as const,
    message: {
      statement: bindingStatement(binding),
      account: binding.account,
      sequence: binding.sequence,
      expiresAt: binding.expiresAt,
      devices: binding.devices.map((d) => ({ encryptionKey: d.x25519, signingKey: d.ed25519, sender: d.sender ?? zeroAddress })),
      delegates: binding.delegates,
    },
  };
}

export type KeyBindingTypedData = ReturnType<typeof keyBindingTypedData>;
