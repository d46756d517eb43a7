import type { Address, Hex } from "viem";

/**
 * A ratchet session as stored. The store sees the serialized ratchet state as opaque secret bytes plus the
 * fields it indexes; the crypto core owns the format of `state`.
 */
export type SessionRecord = {
  /** Primary key within the store's account. */
  conversationId: Hex;
  peer: Address;
  /**
   * Every topic a message of this session may arrive on: the peer's current chain, its announced next chain
   * and the unexpired previous ones. `getByInboundTopic` matches any of them (the SessionManager decides, from
   * the state, what each one means and whether it has expired).
   */
  inboundTopics: Hex[];
  /** Serialized ratchet state. Secret: encrypted at rest by every persistent backend. */
  state: Uint8Array;
  /**
   * Optimistic concurrency, so two writers (tabs, processes) can never both advance one ratchet from the same
   * state: `save` succeeds only when the stored version is `version - 1` (or absent and `version === 1`), and
   * throws `StoreConflictError` otherwise, changing nothing.
   */
  version: number;
  /** Milliseconds since the epoch. */
  updatedAt: number;
};

/** Verbeth-style session store, extended with `list`, `delete` and versioned saves. */
export interface SessionStore {
  get(conversationId: Hex): Promise<SessionRecord | null>;
  getByInboundTopic(topic: Hex): Promise<SessionRecord | null>;
  save(record: SessionRecord): Promise<void>;
  list(): Promise<SessionRecord[]>;
  delete(conversationId: Hex): Promise<void>;
}
