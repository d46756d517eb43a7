import { decodeRecord, encodeRecord } from "./recordCodec.ts";
import type { IndexValues, Query, RecordTx } from "./RecordTx.ts";
import type { TableName } from "./storeTables.ts";

/** Typed access to one table: records are encoded on the way in and decoded (fresh copies) on the way out. */
export type RecordTable<R> = {
  get(tx: RecordTx, key: string): Promise<R | null>;
  getMany(tx: RecordTx, keys: readonly string[]): Promise<Map<string, R>>;
  put(tx: RecordTx, key: string, record: R): Promise<void>;
  putMany(tx: RecordTx, entries: readonly (readonly [key: string, record: R])[]): Promise<void>;
  delete(tx: RecordTx, keys: readonly string[]): Promise<number>;
  query(tx: RecordTx, query?: Query): Promise<{ key: string; record: R }[]>;
  records(tx: RecordTx, query?: Query): Promise<R[]>;
  count(tx: RecordTx, query?: Query): Promise<number>;
  deleteWhere(tx: RecordTx, query: Query): Promise<number>;
};

export function recordTable<R>(name: TableName, indexes?: (record: R) => IndexValues): RecordTable<R> {
  const row = (key: string, record: R) => ({ key, value: encodeRecord(record), index: indexes ? indexes(record) : {} });
  return {
    async get(tx, key) {
      const value = await tx.get(name, key);
      return value === null ? null : decodeRecord<R>(value);
    },
    async getMany(tx, keys) {
      const found = await tx.getMany(name, keys);
      const records = new Map<string, R>();
      for (const [key, value] of found) records.set(key, decodeRecord<R>(value));
      return records;
    },
    put: (tx, key, record) => tx.put(name, [row(key, record)]),
    putMany: (tx, entries) => tx.put(name, entries.map(([key, record]) => row(key, record))),
    delete: (tx, keys) => tx.delete(name, keys),
    async query(tx, query) {
      return (await tx.query(name, query)).map(({ key, value }) => ({ key, record: decodeRecord<R>(value) }));
    },
    async records(tx, query) {
      return (await tx.query(name, query)).map(({ value }) => decodeRecord<R>(value));
    },
    count: (tx, query) => tx.count(name, query),
    async deleteWhere(tx, query) {
      const keys = (await tx.query(name, query)).map(({ key }) => key);
      return keys.length === 0 ? 0 : tx.delete(name, keys);
    },
  };
}
