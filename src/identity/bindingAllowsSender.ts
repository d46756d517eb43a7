import type { KeyBinding } from "./KeyBinding.ts";

/**
 * Whether a log's on-chain `sender` may speak for the binding's account: the account itself or one of its
 * delegates (case-insensitive). Only meaningful for a binding that `verifyKeyBinding` accepted.
 */
export function bindingAllowsSender(binding: Pick<KeyBinding, "account" | "delegates">, sender: string): boolean {
  const lower = sender.toLowerCase();
  return binding.account.toLowerCase() === lower || binding.delegates.some((delegate) => delegate.toLowerCase() === lower);
}
