import { TransactionMisuseError } from "../../../errors/storeErrors.ts";
import type { Query, RecordTx, Row, StoredEntry } from "../../core/RecordTx.ts";
import type { TableName } from "../../core/storeTables.ts";
import { inListChunk, type SqliteStatements } from "./SqliteStatements.ts";

/**
 * One unit of work on the connection, inside the BEGIN … COMMIT its engine opened. The driver is synchronous;
 * the methods are async only to fit the shared interface.
 */
export class SqliteRecordTx implements RecordTx {
  readonly #statements: SqliteStatements;
  readonly #account: string;
  #active = true;
  /** Whether this unit wrote anything (so the engine knows the WAL may have grown). */
  wrote = false;

  constructor(statements: SqliteStatements, account: string) {
    this.#statements = statements;
    this.#account = account;
  }

  end(): void {
    this.#active = false;
  }

  #check(): SqliteStatements {
    if (!this.#active) throw new TransactionMisuseError("a unit of work was used after it ended");
    return this.#statements;
  }

  async get(table: TableName, key: string): Promise<Uint8Array | null> {
    const value = this.#check().get(table).get(this.#account, key) as Uint8Array | undefined;
    return value === undefined ? null : plain(value);
  }

  async getMany(table: TableName, keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    const statements = this.#check();
    const found = new Map<string, Uint8Array>();
    for (let i = 0; i < keys.length; i += inListChunk) {
      const chunk = statements.inList((list) => `SELECT key, value FROM ${table} WHERE account = ? AND key IN (${list})`, keys.slice(i, i + inListChunk));
      for (const row of chunk.statement.all(this.#account, ...chunk.keys) as { key: string; value: Uint8Array }[]) {
        found.set(row.key, plain(row.value));
      }
    }
    return found;
  }

  async put(table: TableName, rows: readonly Row[]): Promise<void> {
    const statements = this.#check();
    const { single, multi } = statements.shape(table);
    const upsert = statements.upsert(table);
    this.wrote ||= rows.length > 0;
    for (const row of rows) {
      const indexValues = single.map((name) => (row.index[name] ?? null) as string | number | null);
      // A lone write usually updates a record whose index values stay the same (a session's next state):
      // changing only its value leaves every index page clean, so the commit writes fewer encrypted pages.
      const updated = rows.length === 1 && single.length > 0 && statements.updateValue(table).run(row.value, this.#account, row.key, ...indexValues).changes === 1;
      if (!updated) upsert.run(this.#account, row.key, row.value, ...indexValues);
      for (const name of multi) {
        const values = new Set((row.index[name] ?? []) as readonly (string | number)[]);
        // Most saves keep the same values (a session's topics change only on a ratchet step): leave those
        // index pages clean, so the commit writes (and encrypts) two fewer pages.
        const stored = statements.multiValues(table, name).all(this.#account, row.key) as (string | number)[];
        if (stored.length === values.size && stored.every((v) => values.has(v))) continue;
        statements.clearMulti(table, name).run(this.#account, row.key);
        const insert = statements.insertMulti(table, name);
        for (const value of values) insert.run(this.#account, value, row.key);
      }
    }
  }

  async delete(table: TableName, keys: readonly string[]): Promise<number> {
    const statements = this.#check();
    this.wrote ||= keys.length > 0;
    let deleted = 0;
    for (let i = 0; i < keys.length; i += inListChunk) {
      // Padding repeats a key, which changes nothing in a DELETE.
      const chunk = statements.inList((list) => `DELETE FROM ${table} WHERE account = ? AND key IN (${list})`, keys.slice(i, i + inListChunk));
      deleted += chunk.statement.run(this.#account, ...chunk.keys).changes;
    }
    return deleted;
  }

  async query(table: TableName, query: Query = {}): Promise<StoredEntry[]> {
    const { statement, parameters } = this.#check().select(table, query, false);
    return (statement.all(this.#account, ...parameters) as { key: string; value: Uint8Array }[]).map((row) => ({ key: row.key, value: plain(row.value) }));
  }

  async count(table: TableName, query: Query = {}): Promise<number> {
    const { statement, parameters } = this.#check().select(table, query, true);
    return statement.get(this.#account, ...parameters) as number;
  }
}

/** The driver returns Buffers; hand out plain Uint8Arrays (Buffer's `slice` shares memory instead of copying). */
function plain(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
