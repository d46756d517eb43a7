import { bytesToHex } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import { findCurrentBinding } from "../identity/findCurrentBinding.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { AccountDevice } from "./HushlogControllerTypes.ts";
import type { HushlogScope } from "./queryKeys.ts";

/**
 * The account's devices as its current binding on chain lists them, or as `ours` (the running client's binding) while
 * that newer list is still on its way; each with the block time of the first published binding that listed it.
 * Returns the list's binding too: revoking signs that list minus one device.
 *
 * @example
 * const { devices } = await listAccountDevices(publicClient, { scope, ours: client.binding(), identity, deployBlock });
 * devices.find((d) => d.thisDevice)?.code // "7K2Q-9XMB"-like
 */
export async function listAccountDevices(
  publicClient: ReadClient,
  { scope, ours, identity, deployBlock }: { scope: HushlogScope; ours: KeyBinding; identity: Identity; deployBlock: bigint },
): Promise<{ binding: KeyBinding; devices: AccountDevice[] }> {
  const { current, published } = await findCurrentBinding(publicClient, { ...scope, fromBlock: deployBlock });
  const binding = current && current.binding.sequence >= ours.sequence ? current.binding : ours;
  const own = bytesToHex(identity.ed25519.publicKey);
  const devices = binding.devices.map((device): AccountDevice => {
    const key = device.ed25519.toLowerCase();
    const first = published.find((p) => p.binding.devices.some((d) => d.ed25519.toLowerCase() === key));
    return {
      code: deviceCode(device.ed25519),
      ed25519: device.ed25519,
      sender: device.sender,
      thisDevice: key === own,
      addedAt: first ? first.blockTime : null,
      published: binding !== ours,
    };
  });
  return { binding, devices };
}
