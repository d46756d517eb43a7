import { hexToBytes, isAddressEqual } from "viem";
import { HistoryAccountMismatchError, HistoryExporterNotListedError, HistoryReplayError } from "../errors/historyErrors.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { HistoryDevice } from "./HistoryDevice.ts";
import { assertDevice } from "./assertDevice.ts";
import { lastImport, mergeHistory } from "./mergeHistory.ts";
import { openHistoryTransfer } from "./openHistoryTransfer.ts";

/** What an import changed: nothing at all when it throws. */
export type HistoryImportResult = {
  /** The exporting device's code. */
  from: string;
  conversations: number;
  /** Messages added (new to this device). */
  messages: number;
  /** Messages this device had as unread that the transfer says were read. */
  markedRead: number;
  /** Messages this device already had, kept as they were (importing twice adds nothing). */
  unchanged: number;
  nicknames: number;
};

/**
 * Imports a transfer another device of the account made for this one (see exportHistory). Everything is checked
 * before anything is written: sealed to this device (HistoryWrongDeviceError), intact (HistoryTamperedError, wire
 * errors), signed by a device the account's CURRENT binding lists, so never a revoked one
 * (HistoryExporterNotListedError), for this account, chain and contract (HistoryAccountMismatchError), newer than the
 * last one from that device (HistoryReplayError). Then it is merged in one store transaction (see mergeHistory).
 *
 * @example
 * const { from, messages } = await importHistory({ client, identity, store }, new Uint8Array(await file.arrayBuffer()));
 */
export async function importHistory(device: HistoryDevice, file: Uint8Array): Promise<HistoryImportResult> {
  const { client, identity, store } = assertDevice(device);
  const { exporter, transfer } = await openHistoryTransfer(file, identity);
  const from = deviceCode(exporter);
  // The device list as the chain has it now: a device revoked since the file was made is refused.
  await client.sync();
  const binding = await client.currentBinding();
  const exporterKey = hexToBytes(exporter);
  if (!binding?.devices.some((d) => hexToBytes(d.ed25519).every((b, i) => b === exporterKey[i]))) throw new HistoryExporterNotListedError(from);
  if (!isAddressEqual(transfer.account, client.account)) throw new HistoryAccountMismatchError("account");
  if (transfer.chainId !== client.chainId) throw new HistoryAccountMismatchError("chain");
  if (!isAddressEqual(transfer.contract, client.contract)) throw new HistoryAccountMismatchError("contract");
  const last = await lastImport(store, exporter);
  if (last !== null && transfer.exportedAt <= last) throw new HistoryReplayError(from);
  const counts = await mergeHistory({ client, identity, store, now: device.now ?? Date.now }, transfer, exporter);
  return { from, conversations: transfer.conversations.length, ...counts };
}
