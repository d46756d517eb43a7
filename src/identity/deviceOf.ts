import type { BoundDevice, DeviceBinding } from "./KeyBinding.ts";

/** The keys of the device a `DeviceBinding` names (its index was checked when it was decoded or created). */
export function deviceOf({ binding, device }: DeviceBinding): BoundDevice {
  return binding.devices[device]!;
}
