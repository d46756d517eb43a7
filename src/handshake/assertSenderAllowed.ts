import type { Address } from "viem";
import { SenderNotAuthorizedError } from "../errors/handshakeErrors.ts";
import { bindingAllowsSender } from "../identity/bindingAllowsSender.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";

/** DESIGN §2.1: a log counts only if its on-chain sender is the bound account or one of its delegates. */
export function assertSenderAllowed(binding: KeyBinding, sender: Address): void {
  if (!bindingAllowsSender(binding, sender)) throw new SenderNotAuthorizedError({ sender, account: binding.account });
}
