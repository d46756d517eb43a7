import type { TableName } from "./storeTables.ts";

/** A value of a secondary index. Within one index, all values have the index's type. */
export type IndexKey = string | number;

/** Index values of a row by index name; `null`/absent: the row is not in that index. Multi indexes take arrays. */
export type IndexValues = Record<string, IndexKey | readonly IndexKey[] | null | undefined>;

/** One row as written: key (unique within table and account), serialized record, index values. */
export type Row = { key: string; value: Uint8Array; index: IndexValues };

/** One row as read back. */
export type StoredEntry = { key: string; value: Uint8Array };

/**
 * A read of one table. Without `index`: every row, by key. With `index`: rows whose index value equals `equals`,
 * or lies between the bounds (rows without a value for the index are never returned), ordered by
 * (index value, key); multi indexes support only `equals`.
 */
export type Query = {
  index?: string;
  equals?: IndexKey;
  lower?: IndexKey;
  lowerOpen?: boolean;
  upper?: IndexKey;
  upperOpen?: boolean;
  reverse?: boolean;
  limit?: number;
};

/**
 * The primitive operations a backend offers inside one atomic unit, all scoped to the store's account. The
 * store's semantics (versions, trust on first use, conflict rules, atomic takes) are written once over this.
 */
export interface RecordTx {
  get(table: TableName, key: string): Promise<Uint8Array | null>;
  /** One round trip (chunked by the backend), never one per key. */
  getMany(table: TableName, keys: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Upserts rows, replacing their values and index values. */
  put(table: TableName, rows: readonly Row[]): Promise<void>;
  /** Deletes rows by key; returns how many existed. */
  delete(table: TableName, keys: readonly string[]): Promise<number>;
  query(table: TableName, query?: Query): Promise<StoredEntry[]>;
  count(table: TableName, query?: Query): Promise<number>;
}

export type TxMode = "r" | "rw";

/**
 * A backend: runs units of work atomically. `run` resolves after the unit committed, or rejects (having written
 * nothing) with the unit's error. Units never interleave with each other.
 */
export interface StoreEngine {
  run<T>(mode: TxMode, fn: (tx: RecordTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
