import type { Address } from "viem";

/** What the user decided about an account. Absent record: nothing decided (a stranger, or an ordinary contact). */
export type ContactRecord = {
  account: Address;
  /** Logs from a blocked account are dropped before any cryptography: no request, no message, no work. */
  blocked: boolean;
  /** Milliseconds since the epoch. */
  updatedAt: number;
};

/** The user's decisions about accounts (blocks). Addresses are compared case-insensitively. */
export interface ContactStore {
  get(account: Address): Promise<ContactRecord | null>;
  /** Upsert by account. */
  put(record: ContactRecord): Promise<void>;
  /** Every record, or only the blocked (or only the unblocked) ones. */
  list(options?: { blocked?: boolean }): Promise<ContactRecord[]>;
}
