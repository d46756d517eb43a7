import { isAddressEqual } from "viem";
import type { HistoryDevice } from "./HistoryDevice.ts";

/** The identity must be the client's account's (a caller passing another account's keys is a bug, not input). */
export function assertDevice(device: HistoryDevice): HistoryDevice {
  if (!isAddressEqual(device.identity.account, device.client.account)) {
    throw new TypeError(`the identity of ${device.identity.account} is not the client's account ${device.client.account}`);
  }
  return device;
}
