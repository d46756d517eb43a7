import type { Hex } from "viem";

/**
 * The lifecycle of an outbound transaction (DESIGN §2.6). A record is created as `preparing` in the same store
 * transaction that advances the ratchet, before anything is broadcast, and deleted once final: a reorg can still
 * remove a `confirmed` transaction, which is then re-sent.
 */
export type PendingStatus =
  | "preparing" // written, not yet broadcast
  | "unknown" // broadcast maybe (its answer was lost): found on chain by calldata, or failed after a grace period
  | "submitted" // broadcast, txHash known (or, for an EIP-5792 wallet, its call id)
  | "included" // mined in blockNumber/blockHash, not yet deep enough
  | "confirmed" // deep enough to show as delivered, still watched until final (then the record is deleted)
  | "failed" // never broadcast (rejected by the wallet or the node)
  | "reverted" // mined but reverted
  | "dropped" // vanished from the mempool
  | "replaced" // another transaction took its nonce; txHash now names the replacement
  | "reorged"; // its block left the canonical chain; waiting to be re-included

export type PendingKind = "message" | "handshake" | "response" | "prekeys" | "binding" | "appsync";

/**
 * One outbound transaction and what it carries. A batch transaction carries several messages, possibly of
 * several conversations, so a record lists conversation and message ids.
 */
export type PendingRecord = {
  id: string;
  kind: PendingKind;
  /** Conversations touched (indexed, for `getByConversation`). Empty for a handshake without a session yet. */
  conversationIds: Hex[];
  /** Local ids of the `MessageStore` records (or handshake ids) this transaction carries. */
  itemIds: string[];
  status: PendingStatus;
  /** Current transaction hash (indexed); null while preparing or after a failure before broadcast. */
  txHash: Hex | null;
  /** Earlier hashes of this same calldata (re-broadcasts, replacements), newest last. */
  previousTxHashes: Hex[];
  /** EIP-5792: the wallet's call id, followed with `wallet_getCallsStatus` until the transaction hash is known. */
  callsId?: string | null;
  /** The exact calldata. Retries re-broadcast these bytes; a ciphertext is never re-encrypted. */
  data: Uint8Array;
  nonce: number | null;
  /** The chain head when it was last broadcast: where a search for a replacing transaction starts. */
  sentAtBlock: bigint | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  attempts: number;
  /** Last error, public text only (never secrets). */
  error: string | null;
  createdAt: number;
  updatedAt: number;
};

export type PendingUpdate = Partial<
  Pick<PendingRecord, "txHash" | "previousTxHashes" | "nonce" | "sentAtBlock" | "blockNumber" | "blockHash" | "attempts" | "error" | "callsId">
>;

/** Verbeth-style pending store. `getByTxHash` also finds a record by any of its `previousTxHashes`. */
export interface PendingStore {
  save(record: PendingRecord): Promise<void>;
  get(id: string): Promise<PendingRecord | null>;
  getByTxHash(txHash: Hex): Promise<PendingRecord | null>;
  /** Sets the status (and the given fields), bumps `updatedAt`; throws `StoreNotFoundError` for an unknown id. */
  updateStatus(id: string, status: PendingStatus, update?: PendingUpdate): Promise<void>;
  delete(id: string): Promise<void>;
  getByConversation(conversationId: Hex): Promise<PendingRecord[]>;
  /** Every record not yet final (all of them: final ones are deleted), oldest first. */
  list(): Promise<PendingRecord[]>;
}
