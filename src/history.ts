// `hushlog/history`: message history moved between devices of one account (docs/protocol.md, "Devices"): a file
// signed by one device and sealed to another. Its own entry so dapps that never move history do not carry it.
export { exportHistory, type HistoryExportResult } from "./history/exportHistory.ts";
export { importHistory, type HistoryImportResult } from "./history/importHistory.ts";
export { historyConversations, type HistoryConversationView } from "./history/historyConversations.ts";
export type { HistoryDevice } from "./history/HistoryDevice.ts";
export { normalizeDeviceCode } from "./history/normalizeDeviceCode.ts";
export { sealHistoryTransfer } from "./history/sealHistoryTransfer.ts";
export { openHistoryTransfer, type OpenedHistoryTransfer } from "./history/openHistoryTransfer.ts";
export {
  decodeHistoryTransfer,
  encodeHistoryTransfer,
  HISTORY_TRANSFER_VERSION,
  type HistoryConversation,
  type HistoryMessage,
  type HistoryMessageStatus,
  type HistoryNickname,
  type HistoryTransfer,
} from "./wire/historyTransferCodec.ts";
export * from "./errors/historyErrors.ts";
