import { TransactionMisuseError } from "../../../errors/storeErrors.ts";
import type { Query, RecordTx, Row, StoredEntry } from "../../core/RecordTx.ts";
import { selectRows } from "../../core/selectRows.ts";
import type { TableName } from "../../core/storeTables.ts";
import type { MemoryStoreData } from "./MemoryStoreData.ts";

/**
 * One unit of work on memory data. Rows are immutable (encoded bytes plus index values), so the undo log only
 * remembers which row each key held before its first change; rollback puts those back.
 */
export class MemoryRecordTx implements RecordTx {
  readonly #data: MemoryStoreData;
  readonly #account: string;
  readonly #undo: { rows: Map<string, Row>; key: string; before: Row | undefined }[] = [];
  readonly #touched = new Set<string>();
  #active = true;

  constructor(data: MemoryStoreData, account: string) {
    this.#data = data;
    this.#account = account;
  }

  #rows(table: TableName): Map<string, Row> {
    this.#check();
    let accounts = this.#data.tables.get(table);
    if (!accounts) this.#data.tables.set(table, (accounts = new Map()));
    let rows = accounts.get(this.#account);
    if (!rows) accounts.set(this.#account, (rows = new Map()));
    return rows;
  }

  #remember(table: TableName, rows: Map<string, Row>, key: string): void {
    const id = `${table}\u0000${key}`;
    if (this.#touched.has(id)) return;
    this.#touched.add(id);
    this.#undo.push({ rows, key, before: rows.get(key) });
  }

  #check(): void {
    if (!this.#active) throw new TransactionMisuseError("a unit of work was used after it ended");
  }

  async get(table: TableName, key: string): Promise<Uint8Array | null> {
    return this.#rows(table).get(key)?.value ?? null;
  }

  async getMany(table: TableName, keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    const rows = this.#rows(table);
    const found = new Map<string, Uint8Array>();
    for (const key of keys) {
      const row = rows.get(key);
      if (row) found.set(key, row.value);
    }
    return found;
  }

  async put(table: TableName, newRows: readonly Row[]): Promise<void> {
    const rows = this.#rows(table);
    for (const row of newRows) {
      this.#remember(table, rows, row.key);
      rows.set(row.key, { key: row.key, value: row.value, index: { ...row.index } });
    }
  }

  async delete(table: TableName, keys: readonly string[]): Promise<number> {
    const rows = this.#rows(table);
    let deleted = 0;
    for (const key of keys) {
      if (!rows.has(key)) continue;
      this.#remember(table, rows, key);
      rows.delete(key);
      deleted++;
    }
    return deleted;
  }

  async query(table: TableName, query?: Query): Promise<StoredEntry[]> {
    return selectRows(this.#rows(table).values(), query).map(({ key, value }) => ({ key, value }));
  }

  async count(table: TableName, query?: Query): Promise<number> {
    return selectRows(this.#rows(table).values(), query).length;
  }

  commit(): void {
    this.#active = false;
  }

  rollback(): void {
    this.#active = false;
    for (const { rows, key, before } of this.#undo.reverse()) {
      if (before) rows.set(key, before);
      else rows.delete(key);
    }
  }
}
