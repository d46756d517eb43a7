import { bytesToHex, getAddress, hexToBytes, type Address, type Hex } from "viem";
import { historyMarks } from "../client/historyMarks.ts";
import { HistoryTargetNotListedError } from "../errors/historyErrors.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { HistoryConversation, HistoryMessage, HistoryMessageStatus } from "../wire/historyTransferCodec.ts";
import type { HistoryDevice } from "./HistoryDevice.ts";
import { assertDevice } from "./assertDevice.ts";
import { normalizeDeviceCode } from "./normalizeDeviceCode.ts";
import { sealHistoryTransfer } from "./sealHistoryTransfer.ts";

/** What an export made: the file for the target device and what it holds. */
export type HistoryExportResult = {
  file: Uint8Array;
  /** The target device's code. */
  to: string;
  conversations: number;
  messages: number;
  /** Messages left out because they are still in flight here (submitted, included...): export again once settled. */
  inFlight: number;
};

// A message still in flight belongs to this device's pending transaction: the importer could never make its status true.
const settled = new Set<string>(["received", "confirmed", "final"]);

/**
 * Exports this device's message history (1:1 conversations: settled messages with their read state, and the app's
 * nicknames) for ANOTHER device of the account, named by its code (`XXXX-XXXX`) in the account's current binding:
 * signed by this device and sealed to that one, so the file is useless to anyone else. No session state travels.
 *
 * @example
 * const { file, messages } = await exportHistory({ client, identity, store }, { to: "7K2Q-9XMB" });
 */
export async function exportHistory(device: HistoryDevice, { to }: { to: string }): Promise<HistoryExportResult> {
  const { client, identity, store } = assertDevice(device);
  await client.sync();
  const binding = await client.currentBinding();
  const code = normalizeDeviceCode(to);
  const ownKey = bytesToHex(identity.ed25519.publicKey).toLowerCase() as Hex;
  const target = binding?.devices.find((d) => deviceCode(d.ed25519) === code);
  if (!target) throw new HistoryTargetNotListedError(code, "not-listed");
  if (target.ed25519.toLowerCase() === ownKey) throw new HistoryTargetNotListedError(code, "self");

  const conversations: HistoryConversation[] = [];
  let messages = 0;
  let inFlight = 0;
  const add = async (peer: Address, conversationId: Hex, holders: Hex[]) => {
    const records = await store.messages.list(conversationId);
    const moving = records.filter((m) => settled.has(m.status)).map(toHistoryMessage);
    inFlight += records.length - moving.length;
    messages += moving.length;
    conversations.push({ peer, holders, messages: moving });
  };
  const withSession = new Set<string>();
  for (const { conversationId, peer } of await client.conversations()) {
    withSession.add(conversationId.toLowerCase());
    await add(peer, conversationId, [ownKey]);
  }
  // History this device imported itself travels on, still naming the devices that hold its sessions.
  for (const mark of await historyMarks(store)) {
    if (!withSession.has(mark.conversationId)) await add(mark.peer, mark.conversationId, mark.holders);
  }
  const nicknames = (await store.getAllAliasMappings())
    .filter((e) => e.source === "nickname")
    .map((e) => ({ alias: e.alias, address: getAddress(e.address), createdAt: e.createdAt, updatedAt: e.updatedAt }));
  const exportedAt = (device.now ?? Date.now)();
  const transfer = { chainId: client.chainId, contract: client.contract, account: client.account, exportedAt, conversations, nicknames };
  const file = await sealHistoryTransfer(transfer, identity, hexToBytes(target.x25519));
  return { file, to: code, conversations: conversations.length, messages, inFlight };
}

function toHistoryMessage(m: MessageRecord): HistoryMessage {
  const { id, direction, body, read, createdAt, timestamp, txHash, blockNumber, blockHash, logIndex } = m;
  return { id, direction, status: m.status as HistoryMessageStatus, body, read, createdAt, timestamp, txHash, blockNumber, blockHash, logIndex };
}
