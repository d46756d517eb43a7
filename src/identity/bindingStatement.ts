import { getAddress } from "viem";
import { deviceCode } from "./deviceCode.ts";
import type { KeyBinding } from "./KeyBinding.ts";

/**
 * The readable text a key binding's typed data carries as `statement`, computed from its other fields so that a
 * wallet shows a person what the signature authorises, in words. Receivers recompute it and hash the recomputed
 * text, so a binding can never carry a statement that says something else (a phishing page cannot title a device
 * authorisation "Log in"). The wording is protocol: changing it changes every signature.
 *
 * @example
 * bindingStatement({ account, chainId: 8453, sequence: 3n, expiresAt, devices: [device], delegates: [] })
 * // "Authorise Hushlog devices for 0xAb…12 on chain 8453.\nThe 1 device listed (7K2Q-9XMB) may read and send …"
 */
export function bindingStatement(binding: Pick<KeyBinding, "account" | "chainId" | "sequence" | "expiresAt" | "devices" | "delegates">): string {
  const account = getAddress(binding.account);
  const count = binding.devices.length;
  const devices =
    count === 0
      ? "This revokes every Hushlog device of this account."
      : `The ${count} device${count === 1 ? "" : "s"} listed (${binding.devices.map((d) => deviceCode(d.ed25519)).join(", ")}) ` +
        "may read and send end-to-end encrypted Hushlog messages as this account.";
  const relayers =
    binding.delegates.length === 0
      ? ""
      : `\nThese addresses may also submit transactions for it: ${binding.delegates.map((d) => getAddress(d)).join(", ")}.`;
  return (
    `Authorise Hushlog devices for ${account} on chain ${binding.chainId}.\n${devices}${relayers}\n` +
    `This is authorisation number ${binding.sequence}: it replaces every earlier one, and it expires ${utc(binding.expiresAt)}.\n` +
    "Sign it only in a Hushlog app you opened yourself."
  );
}

/** `2027-06-01 12:00 UTC`: minutes are enough for an expiry, and the form reads the same in every locale. */
function utc(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? `at unix time ${seconds}` : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
