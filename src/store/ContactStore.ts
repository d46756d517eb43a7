import type { Address } from "viem";

/** What the user decided about an account. Absent record: nothing decided (a stranger, or an ordinary contact). */
export type ContactRecord = {
  account: Address;
  /** Logs from a blocked account are dropped before any cryptography: no request, no message, no work. */
  blocked: boolean;
  /** Milliseconds since the epoch of the last block or unblock (app-state sync's timestamp for it). */
  updatedAt: number;
  /** A muted account's messages emit no `notification` event. Absent: never muted nor unmuted. */
  muted?: boolean;
  /** Milliseconds since the epoch of the last mute or unmute. */
  mutedAt?: number;
  /**
   * The read marker of the conversation with this account: the chain position of the newest message read (here or on
   * another of our devices, through app-state sync). Absent: none yet.
   */
  readThrough?: { block: bigint; logIndex: number; at: number };
};

/** The user's decisions about accounts (blocks, mutes, read markers). Addresses are compared case-insensitively. */
export interface ContactStore {
  get(account: Address): Promise<ContactRecord | null>;
  /** Upsert by account. */
  put(record: ContactRecord): Promise<void>;
  /** Every record, or only the blocked (or only the unblocked) ones. */
  list(options?: { blocked?: boolean }): Promise<ContactRecord[]>;
}
