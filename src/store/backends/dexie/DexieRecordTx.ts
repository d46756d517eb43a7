import { Dexie, type Transaction } from "dexie";
import { wipe } from "../../../crypto/bytes.ts";
import { StoreCorruptError, TransactionMisuseError } from "../../../errors/storeErrors.ts";
import type { Query, RecordTx, Row, StoredEntry, TxMode } from "../../core/RecordTx.ts";
import { selectRows } from "../../core/selectRows.ts";
import type { TableName } from "../../core/storeTables.ts";
import type { FieldCipher } from "./FieldCipher.ts";
import type { IndexBlinder } from "./IndexBlinder.ts";
import { lookupValue, storedIndexValue } from "./indexPartitions.ts";
import { decodeRowEnvelope, encodeRowEnvelope } from "./rowEnvelope.ts";
import type { RowIndexCache } from "./RowIndexCache.ts";

/** The value of a row known from the cache until the query returns it (and decrypts it then). */
const noValue = new Uint8Array(0);

/** A row as IndexedDB holds it: blind tags for the account, the key and every index value; the rest sealed. */
export type DexieRow = { pk: [string, string]; v: Uint8Array; [index: `ix_${string}`]: string | string[] };

/**
 * One unit of work inside one IndexedDB transaction. Writes are held back in an overlay (reads see them) and
 * written together at the end, still inside that transaction. Why: IndexedDB commits a transaction by itself as
 * soon as its code awaits anything else; had the writes gone out as they came, such an early commit would keep
 * the first half of the unit. Held back, an early commit finds nothing written, and the final flush fails
 * loudly instead.
 *
 * IndexedDB finds rows only by blind tags (`IndexBlinder`): by key, or by equality of an index value. Every query
 * result is then decided on the decrypted key and index values (`selectRows`), which also puts rows in their real
 * order: IndexedDB's order of tags is random and says nothing. The decrypted keys and index values of each row
 * version are kept (`RowIndexCache`), so a page or a conversation list decrypts only the rows it returns.
 */
export class DexieRecordTx implements RecordTx {
  readonly #trans: Transaction;
  readonly #blinder: IndexBlinder;
  readonly #cipher: FieldCipher;
  readonly #cache: RowIndexCache;
  readonly #mode: TxMode;
  /** Per table: key -> row to write, or null to delete. */
  readonly #overlay = new Map<TableName, Map<string, Row | null>>();
  #active = true;

  constructor(trans: Transaction, blinder: IndexBlinder, cipher: FieldCipher, cache: RowIndexCache, mode: TxMode) {
    this.#trans = trans;
    this.#blinder = blinder;
    this.#cipher = cipher;
    this.#cache = cache;
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

  #pk(table: TableName, key: string): [string, string] {
    return [this.#blinder.account, this.#blinder.rowKey(table, key)];
  }

  async get(table: TableName, key: string): Promise<Uint8Array | null> {
    const pending = this.#pending(table, false);
    if (pending.has(key)) return pending.get(key)?.value ?? null;
    const stored = await this.#table(table).get(this.#pk(table, key));
    return stored ? this.#open(table, stored, key).value : null;
  }

  async getMany(table: TableName, keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    const pending = this.#pending(table, false);
    const found = new Map<string, Uint8Array>();
    const stored = [...new Set(keys.filter((key) => !pending.has(key)))];
    const rows = stored.length ? await this.#table(table).bulkGet(stored.map((key) => this.#pk(table, key))) : [];
    rows.forEach((row, i) => row && found.set(stored[i]!, this.#open(table, row, stored[i]!).value));
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
    const existing = stored.length ? await this.#table(table).where("pk").anyOf(stored.map((key) => this.#pk(table, key))).primaryKeys() : [];
    const deleted = existing.length + unique.filter((key) => pending.has(key) && pending.get(key) !== null).length;
    for (const key of unique) pending.set(key, null);
    return deleted;
  }

  async query(table: TableName, query: Query = {}): Promise<StoredEntry[]> {
    const pending = this.#pending(table, false);
    const rows: Row[] = [];
    // Rows known from the cache carry no value yet: only the ones the query returns are decrypted (below).
    const unopened = new Map<Row, DexieRow>();
    for (const stored of await this.#candidates(table, query).toArray()) {
      const known = this.#cache.get(table, stored.pk[1], stored.v);
      const row = known ? { key: known.key, index: known.index, value: noValue } : this.#open(table, stored);
      if (pending.has(row.key)) continue;
      if (known) unopened.set(row, stored);
      rows.push(row);
    }
    for (const row of pending.values()) if (row !== null) rows.push(row);
    return selectRows(rows, query).map((row) => {
      const stored = unopened.get(row);
      return { key: row.key, value: stored ? this.#open(table, stored, row.key).value : row.value };
    });
  }

  async count(table: TableName, query: Query = {}): Promise<number> {
    // An equality look-up needs no decryption: a 128-bit tag match is a value match (see BLIND_TAG_BYTES).
    const exact = query.index !== undefined && query.equals !== undefined && storedIndexValue(table, query.index, query.equals) === query.equals;
    if (this.#pending(table, false).size === 0 && (exact || query.index === undefined) && query.limit === undefined) {
      return this.#candidates(table, query).count();
    }
    return (await this.query(table, query)).length;
  }

  /** Writes the held-back rows, sealed, in this same IndexedDB transaction. */
  async flush(): Promise<void> {
    for (const [table, pending] of this.#overlay) {
      const puts: DexieRow[] = [];
      const deletes: [string, string][] = [];
      for (const [key, row] of pending) {
        if (row === null) deletes.push(this.#pk(table, key));
        else puts.push(this.toDexieRow(table, row));
      }
      if (deletes.length) await this.#table(table).bulkDelete(deletes);
      if (puts.length) await this.#table(table).bulkPut(puts);
    }
    this.#overlay.clear();
  }

  /** The row as IndexedDB will hold it (also used to migrate rows of the format before blind indexes). */
  toDexieRow(table: TableName, row: Row): DexieRow {
    const pk = this.#pk(table, row.key);
    const envelope = encodeRowEnvelope(row);
    const stored: DexieRow = { pk, v: this.#cipher.seal(table, pk[0], pk[1], envelope) };
    wipe(envelope);
    // Known without decrypting from now on (an aborted write leaves an entry whose version is never read back).
    this.#cache.set(table, pk[1], stored.v, { key: row.key, index: row.index });
    for (const [name, value] of Object.entries(row.index)) {
      if (value === null || value === undefined) continue;
      const tag = (v: string | number) => this.#blinder.indexValue(table, name, storedIndexValue(table, name, v));
      stored[`ix_${name}`] = Array.isArray(value) ? [...new Set(value.map(tag))] : tag(value as string | number);
    }
    return stored;
  }

  /**
   * Decrypts a stored row (and notes its key and index values in the cache); `expectedKey`: the key it was looked
   * up by, which its envelope must name.
   */
  #open(table: TableName, stored: DexieRow, expectedKey?: string): Row {
    const plaintext = this.#cipher.open(table, stored.pk[0], stored.pk[1], stored.v);
    try {
      const row = decodeRowEnvelope(table, plaintext);
      if (expectedKey !== undefined && row.key !== expectedKey) throw new StoreCorruptError(`a ${table} record is stored under another key`);
      this.#cache.set(table, stored.pk[1], stored.v, { key: row.key, index: row.index });
      return row;
    } finally {
      wipe(plaintext);
    }
  }

  /** The stored rows that can match `query`: its equality tag's rows, or the account's whole table. */
  #candidates(table: TableName, query: Query) {
    const t = this.#table(table);
    const value = lookupValue(table, query);
    if (value !== undefined) return t.where(`ix_${query.index!}`).equals(this.#blinder.indexValue(table, query.index!, value));
    const account = this.#blinder.account;
    return t.where("pk").between([account, Dexie.minKey], [account, Dexie.maxKey], true, true);
  }
}
