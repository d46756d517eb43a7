import type { Address, Hex } from "viem";

export type MessageStatus =
  // outbound, following the pending transaction
  | "preparing"
  // its broadcast's answer was lost: sent or not, the chain will tell (never shown as sent before that)
  | "unknown"
  | "submitted"
  | "included"
  | "confirmed"
  // below the chain's finalized block (or the finality depth): nothing short of a deep reorg can undo it
  | "final"
  | "failed"
  | "reverted"
  | "dropped"
  // inbound
  | "received"
  // either direction: its block left the canonical chain (kept, shown as such, never lost)
  | "reorged";

/** A message as the user sees it. The body is plaintext: secret, encrypted at rest. */
export type MessageRecord = {
  /**
   * Stable id. Inbound: derived from the ratchet position, so the same message re-delivered (backfill and live,
   * or re-included after a reorg) maps to the same record. Outbound: chosen when it is written.
   */
  id: string;
  conversationId: Hex;
  direction: "in" | "out";
  sender: Address;
  /** Plaintext content as encoded by the client. Secret. */
  body: Uint8Array;
  status: MessageStatus;
  /** Indexed. */
  txHash: Hex | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  logIndex: number | null;
  /** Local clock when written (ms). */
  createdAt: number;
  /** Block timestamp (seconds) once included. */
  timestamp: number | null;
  read: boolean;
};

export type MessageUpdate = Partial<Pick<MessageRecord, "status" | "txHash" | "blockNumber" | "blockHash" | "logIndex" | "timestamp" | "read">>;

export interface MessageStore {
  /** Upsert by id. */
  put(record: MessageRecord): Promise<void>;
  /** Upsert many in one batch (no per-record round trips). */
  putMany(records: MessageRecord[]): Promise<void>;
  get(id: string): Promise<MessageRecord | null>;
  getByTxHash(txHash: Hex): Promise<MessageRecord[]>;
  /**
   * A conversation's messages in display order: included ones by (blockNumber, logIndex), then not-yet-included
   * ones by createdAt. `limit` takes the newest `limit`; `before` pages back from a message id.
   */
  list(conversationId: Hex, options?: { limit?: number; before?: string }): Promise<MessageRecord[]>;
  /** Throws `StoreNotFoundError` for an unknown id. */
  update(id: string, update: MessageUpdate): Promise<void>;
  markRead(conversationId: Hex): Promise<void>;
  unreadCount(conversationId: Hex): Promise<number>;
  delete(id: string): Promise<void>;
}
