import type Database from "better-sqlite3-multiple-ciphers";
import { AsyncLocalStorage } from "node:async_hooks";
import { StoreClosedError, TransactionMisuseError } from "../../../errors/storeErrors.ts";
import { AsyncMutex } from "../../core/AsyncMutex.ts";
import type { RecordTx, StoreEngine, TxMode } from "../../core/RecordTx.ts";
import { retryWhileBusy } from "./retryWhileBusy.ts";
import { SqliteRecordTx } from "./SqliteRecordTx.ts";
import { SqliteStatements } from "./SqliteStatements.ts";
import { toStoreError } from "./sqliteErrors.ts";

/**
 * Async units of work over the synchronous driver: one at a time (an async lock), each inside BEGIN … COMMIT,
 * rolled back when it throws. Writers start with BEGIN IMMEDIATE so the write lock is taken (and waited for)
 * up front, never half-way through a unit.
 */
export class SqliteEngine implements StoreEngine {
  readonly #db: Database.Database;
  readonly #statements: SqliteStatements;
  readonly #account: string;
  readonly #busyWaitMs: number;
  readonly #lock = new AsyncMutex();
  // Marks the async context of a running unit: an outer-store call from inside it would wait for itself forever.
  readonly #inside = new AsyncLocalStorage<SqliteEngine>();
  #closed = false;

  constructor(db: Database.Database, account: string, busyWaitMs: number) {
    this.#db = db;
    this.#statements = new SqliteStatements(db);
    this.#account = account;
    this.#busyWaitMs = busyWaitMs;
  }

  async run<T>(mode: TxMode, fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    if (this.#inside.getStore() === this) {
      throw new TransactionMisuseError("the outer store was called from inside its own transaction (it would wait for itself)");
    }
    if (this.#closed) throw new StoreClosedError();
    const release = await this.#lock.acquire();
    try {
      if (this.#closed) throw new StoreClosedError();
      await retryWhileBusy(() => this.#db.exec(mode === "rw" ? "BEGIN IMMEDIATE" : "BEGIN"), this.#busyWaitMs).catch((error: unknown) => {
        throw toStoreError(error, "starting a transaction");
      });
      const tx = new SqliteRecordTx(this.#statements, this.#account);
      try {
        const result = await this.#inside.run(this, () => fn(tx));
        tx.end();
        this.#db.exec("COMMIT");
        return result;
      } catch (error) {
        tx.end();
        // Some failures (disk full, I/O) already rolled the transaction back.
        if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
        throw toStoreError(error, "a store operation");
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const release = await this.#lock.acquire();
    try {
      if (this.#closed) return;
      this.#closed = true;
      this.#db.close();
    } finally {
      release();
    }
  }
}
