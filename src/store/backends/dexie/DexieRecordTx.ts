import { Dexie, type Transaction } from "dexie";
import { TransactionMisuseError } from "../../../errors/storeErrors.ts";
import type { IndexKey, Query, RecordTx, Row, StoredEntry, TxMode } from "../../core/RecordTx.ts";
import { compareIndexKeys, matchValue } from "../../core/selectRows.ts";
import type { TableName } from "../../core/storeTables.ts";
import type { FieldCipher } from "./FieldCipher.ts";

type DexieRow = { pk: [string, string]; v: Uint8Array; [index: `ix_${string}`]: unknown };

/**
 * One unit of work inside one IndexedDB transaction. Writes are held back in an overlay (reads see them) and
 * written together at the end, still inside that transaction. Why: IndexedDB commits a transaction by itself as
 * soon as its code awaits anything else; had the writes gone out as they came, such an early commit would keep
 * the first half of the unit. Held back, an early commit finds nothing written, and the final flush fails
 * loudly instead.
 */
export class DexieRecordTx implements RecordTx {
  readonly #trans: Transaction;
  readonly #account: string;
  readonly #cipher: FieldCipher;
  readonly #mode: TxMode;
  /** Per table: key -> row to write, or null to delete. */
  readonly #overlay = new Map<TableName, Map<string, Row | null>>();
  #active = true;

  constructor(trans: Transaction, account: string, cipher: FieldCipher, mode: TxMode) {
    this.#trans = trans;
    this.#account = account;
    this.#cipher = cipher;
    this.#mode = mode;
  }

  end(): void {
    this.#active = false;
  }

  #table(table: TableName) {
    if (!this.#active) throw new TransactionMisuseError("a unit of work was used after it ended");
    return this.#trans.table<DexieRow, [string, string]>(table);
  }

  #pending(table: TableName, write: boolean): Map<string, Row | null> {
    if (write && this.#mode !== "rw") throw new TransactionMisuseError("a write in a read-only unit of work");
    let pending = this.#overlay.get(table);
    if (!pending) this.#overlay.set(table, (pending = new Map()));
    return pending;
  }

  #open(table: TableName, row: DexieRow): StoredEntry {
    const key = row.pk[1];
    return { key, value: this.#cipher.open(table, this.#account, key, row.v) };
  }

  async get(table: TableName, key: string): Promise<Uint8Array | null> {
    const pending = this.#pending(table, false);
    if (pending.has(key)) return pending.get(key)?.value ?? null;
    const row = await this.#table(table).get([this.#account, key]);
    return row ? this.#open(table, row).value : null;
  }

  async getMany(table: TableName, keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    const pending = this.#pending(table, false);
    const found = new Map<string, Uint8Array>();
    const stored = [...new Set(keys.filter((key) => !pending.has(key)))];
    const rows = stored.length ? await this.#table(table).bulkGet(stored.map((key) => [this.#account, key] as [string, string])) : [];
    for (const row of rows) if (row) found.set(row.pk[1], this.#open(table, row).value);
    for (const key of keys) {
      const row = pending.get(key);
      if (row) found.set(key, row.value);
    }
    return found;
  }

  async put(table: TableName, rows: readonly Row[]): Promise<void> {
    const pending = this.#pending(table, true);
    for (const row of rows) pending.set(row.key, { key: row.key, value: row.value, index: { ...row.index } });
  }

  async delete(table: TableName, keys: readonly string[]): Promise<number> {
    const pending = this.#pending(table, true);
    const unique = [...new Set(keys)];
    const stored = unique.filter((key) => !pending.has(key));
    const existing = stored.length ? await this.#table(table).where("pk").anyOf(stored.map((key) => [this.#account, key])).primaryKeys() : [];
    const deleted = existing.length + unique.filter((key) => pending.has(key) && pending.get(key) !== null).length;
    for (const key of unique) pending.set(key, null);
    return deleted;
  }

  async query(table: TableName, query: Query = {}): Promise<StoredEntry[]> {
    const pending = this.#pending(table, false);
    if (pending.size === 0) return (await this.#collection(table, query, query.limit).toArray()).map((row) => this.#open(table, row));
    // Merge the held-back writes: drop stored rows they replace or delete, add the ones that match, re-sort.
    const limit = query.limit === undefined ? undefined : query.limit + pending.size;
    const merged: { row: Row | DexieRow; key: string; value: IndexKey }[] = [];
    for (const row of await this.#collection(table, query, limit).toArray()) {
      if (!pending.has(row.pk[1])) merged.push({ row, key: row.pk[1], value: this.#sortValue(row, query) });
    }
    for (const row of pending.values()) {
      if (row === null) continue;
      const value = matchValue(row, query);
      if (value !== undefined) merged.push({ row, key: row.key, value });
    }
    merged.sort((a, b) => compareIndexKeys(a.value, b.value) || compareIndexKeys(a.key, b.key));
    if (query.reverse) merged.reverse();
    return merged
      .slice(0, query.limit)
      .map(({ row }) => ("pk" in row ? this.#open(table, row) : { key: row.key, value: (row as Row).value }));
  }

  async count(table: TableName, query: Query = {}): Promise<number> {
    if (this.#pending(table, false).size === 0) return this.#collection(table, query, undefined).count();
    return (await this.query(table, query)).length;
  }

  /** Writes the held-back rows, sealed, in this same IndexedDB transaction. */
  async flush(): Promise<void> {
    for (const [table, pending] of this.#overlay) {
      const puts: DexieRow[] = [];
      const deletes: [string, string][] = [];
      for (const [key, row] of pending) {
        if (row === null) deletes.push([this.#account, key]);
        else puts.push(this.#toDexieRow(table, row));
      }
      if (deletes.length) await this.#table(table).bulkDelete(deletes);
      if (puts.length) await this.#table(table).bulkPut(puts);
    }
    this.#overlay.clear();
  }

  #toDexieRow(table: TableName, row: Row): DexieRow {
    const stored: DexieRow = { pk: [this.#account, row.key], v: this.#cipher.seal(table, this.#account, row.key, row.value) };
    for (const [name, value] of Object.entries(row.index)) {
      if (value === null || value === undefined) continue;
      stored[`ix_${name}`] = Array.isArray(value) ? [...new Set(value)].map((v) => [this.#account, v]) : [this.#account, value];
    }
    return stored;
  }

  #sortValue(row: DexieRow, query: Query): IndexKey {
    if (query.index === undefined) return row.pk[1];
    if (query.equals !== undefined) return query.equals;
    return (row[`ix_${query.index}`] as [string, IndexKey])[1];
  }

  #collection(table: TableName, query: Query, limit: number | undefined) {
    const t = this.#table(table);
    const account = this.#account;
    let collection;
    if (query.index === undefined) {
      collection = t.where("pk").between([account, Dexie.minKey], [account, Dexie.maxKey], true, true);
    } else if (query.equals !== undefined) {
      collection = t.where(`ix_${query.index}`).equals([account, query.equals]);
    } else {
      collection = t
        .where(`ix_${query.index}`)
        .between(
          [account, query.lower ?? Dexie.minKey],
          [account, query.upper ?? Dexie.maxKey],
          query.lower === undefined || !query.lowerOpen,
          query.upper === undefined || !query.upperOpen,
        );
    }
    if (query.reverse) collection = collection.reverse();
    return limit === undefined ? collection : collection.limit(limit);
  }
}
