import type Database from "better-sqlite3-multiple-ciphers";

type Statement = Database.Statement;
import type { IndexKey, Query } from "../../core/RecordTx.ts";
import { indexSpecs, tableNames, type IndexSpec, type TableName } from "../../core/storeTables.ts";

/** Largest IN list per statement (SQLite's default variable limit was 999 for years; 500 leaves room). */
export const inListChunk = 500;
// IN lists are padded up to one of these sizes so a handful of statements serve every batch size.
const inListSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, inListChunk];

type TableShape = { single: string[]; multi: string[]; specs: Map<string, IndexSpec> };

/** Prepared statements of one connection, built on first use and cached by their SQL text. */
export class SqliteStatements {
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Statement>();
  readonly #shapes = new Map<TableName, TableShape>();

  constructor(db: Database.Database) {
    this.#db = db;
    for (const table of tableNames) {
      const specs = indexSpecs(table);
      this.#shapes.set(table, {
        single: specs.filter(([, s]) => !s.multi).map(([name]) => name),
        multi: specs.filter(([, s]) => s.multi).map(([name]) => name),
        specs: new Map(specs),
      });
    }
  }

  shape(table: TableName): TableShape {
    return this.#shapes.get(table)!;
  }

  prepare(sql: string): Statement {
    let statement = this.#cache.get(sql);
    if (!statement) this.#cache.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  get(table: TableName): Statement {
    return this.prepare(`SELECT value FROM ${table} WHERE account = ? AND key = ?`).pluck();
  }

  /** A statement over `size` keys (padded) and the keys padded to fit it. */
  inList(sqlOf: (placeholders: string) => string, keys: readonly string[]): { statement: Statement; keys: string[] } {
    const size = inListSizes.find((s) => s >= keys.length)!;
    const padded = [...keys];
    while (padded.length < size) padded.push(keys[0]!);
    return { statement: this.prepare(sqlOf(Array(size).fill("?").join(", "))), keys: padded };
  }

  upsert(table: TableName): Statement {
    const { single } = this.shape(table);
    const columns = ["account", "key", "value", ...single.map((n) => `ix_${n}`)];
    const updates = columns.slice(2).map((c) => `${c} = excluded.${c}`);
    return this.prepare(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT (account, key) DO UPDATE SET ${updates.join(", ")}`,
    );
  }

  /** Replaces the value of a row whose index values are the given ones; changes nothing otherwise. */
  updateValue(table: TableName): Statement {
    const conditions = this.shape(table).single.map((name) => ` AND ix_${name} IS ?`);
    return this.prepare(`UPDATE ${table} SET value = ? WHERE account = ? AND key = ?${conditions.join("")}`);
  }

  multiValues(table: TableName, index: string): Statement {
    return this.prepare(`SELECT value FROM ${table}_${index} WHERE account = ? AND key = ?`).pluck();
  }

  clearMulti(table: TableName, index: string): Statement {
    return this.prepare(`DELETE FROM ${table}_${index} WHERE account = ? AND key = ?`);
  }

  insertMulti(table: TableName, index: string): Statement {
    return this.prepare(`INSERT OR IGNORE INTO ${table}_${index} (account, value, key) VALUES (?, ?, ?)`);
  }

  /** A SELECT (or count) for `query`, and its parameters after the account. */
  select(table: TableName, query: Query, count: boolean): { statement: Statement; parameters: IndexKey[] } {
    const { specs } = this.shape(table);
    const parameters: IndexKey[] = [];
    const direction = query.reverse ? " DESC" : "";
    let sql: string;
    if (query.index === undefined) {
      sql = `SELECT ${count ? "count(*)" : "key, value"} FROM ${table} WHERE account = ?${count ? "" : ` ORDER BY key${direction}`}`;
    } else if (specs.get(query.index)?.multi) {
      parameters.push(query.equals!);
      sql =
        `SELECT ${count ? "count(*)" : "t.key, t.value"} FROM ${table} t JOIN ${table}_${query.index} m ON m.account = t.account AND m.key = t.key` +
        ` WHERE m.account = ? AND m.value = ?${count ? "" : ` ORDER BY t.key${direction}`}`;
    } else {
      const column = `ix_${query.index}`;
      const conditions: string[] = [];
      if (query.equals !== undefined) {
        conditions.push(`${column} = ?`);
        parameters.push(query.equals);
      } else {
        if (query.lower !== undefined) {
          conditions.push(`${column} ${query.lowerOpen ? ">" : ">="} ?`);
          parameters.push(query.lower);
        }
        if (query.upper !== undefined) {
          conditions.push(`${column} ${query.upperOpen ? "<" : "<="} ?`);
          parameters.push(query.upper);
        }
        if (conditions.length === 0) conditions.push(`${column} IS NOT NULL`);
      }
      sql =
        `SELECT ${count ? "count(*)" : "key, value"} FROM ${table} WHERE account = ? AND ${conditions.join(" AND ")}` +
        (count ? "" : ` ORDER BY ${column}${direction}, key${direction}`);
    }
    if (!count && query.limit !== undefined) {
      sql += " LIMIT ?";
      parameters.push(query.limit);
    }
    const statement = this.prepare(sql);
    return { statement: count ? statement.pluck() : statement, parameters };
  }
}
