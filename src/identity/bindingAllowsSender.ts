import type { KeyBinding } from "./KeyBinding.ts";

/**
 * Whether a log's on-chain `sender` may speak for the binding's account: the account itself, one of its delegates
 * or one of its devices' sending keys (case-insensitive). Only meaningful for a binding that verified.
 */
export function bindingAllowsSender(binding: Pick<KeyBinding, "account" | "delegates" | "devices">, sender: string): boolean {
  const lower = sender.toLowerCase();
  return (
    binding.account.toLowerCase() === lower ||
    binding.delegates.some((delegate) => delegate.toLowerCase() === lower) ||
    binding.devices.some((device) => device.sender?.toLowerCase() === lower)
  );
}

/** Every address that may post for the binding's account: the account, its delegates, its devices' sending keys. */
export function allowedSenders(binding: Pick<KeyBinding, "account" | "delegates" | "devices">): KeyBinding["delegates"][number][] {
  return [binding.account, ...binding.delegates, ...binding.devices.flatMap((device) => (device.sender ? [device.sender] : []))];
}
