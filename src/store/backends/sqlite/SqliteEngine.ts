import type Database from "better-sqlite3-multiple-ciphers";
import { AsyncLocalStorage } from "node:async_hooks";
import { statSync } from "node:fs";
import { StoreClosedError, TransactionMisuseError } from "../../../errors/storeErrors.ts";
import { AsyncMutex } from "../../core/AsyncMutex.ts";
import type { RecordTx, StoreEngine, TxMode } from "../../core/RecordTx.ts";
import { retryWhileBusy } from "./retryWhileBusy.ts";
import { SqliteRecordTx } from "./SqliteRecordTx.ts";
import { SqliteStatements } from "./SqliteStatements.ts";
import { isBusy, toStoreError } from "./sqliteErrors.ts";

/** Size of the WAL beyond which it is checkpointed (SQLite's own default is 1000 pages of 4 KiB). */
const walCheckpointBytes = 4 * 1024 * 1024;

/**
 * Async units of work over the synchronous driver: one at a time (an async lock), each inside BEGIN … COMMIT,
 * rolled back when it throws. Writers start with BEGIN IMMEDIATE so the write lock is taken (and waited for)
 * up front, never half-way through a unit.
 *
 * Checkpoints are taken out of commits: SQLite's automatic one runs inside whichever COMMIT crosses the
 * threshold and, with encryption, copies the WAL at about the cost of writing it again. Here the unit that
 * grew the WAL returns first; the checkpoint runs before the next unit starts, or from a timer when idle.
 */
export class SqliteEngine implements StoreEngine {
  readonly #db: Database.Database;
  readonly #walPath: string;
  readonly #statements: SqliteStatements;
  readonly #account: string;
  readonly #busyWaitMs: number;
  readonly #lock = new AsyncMutex();
  // Marks the async context of a running unit: an outer-store call from inside it would wait for itself
  // forever. The mark is switched off when the unit ends, since timers started inside it inherit it.
  readonly #inside = new AsyncLocalStorage<{ engine: SqliteEngine; running: boolean }>();
  #closed = false;
  #checkpointDue = false;

  constructor(db: Database.Database, path: string, account: string, busyWaitMs: number) {
    this.#db = db;
    this.#walPath = `${path}-wal`;
    this.#statements = new SqliteStatements(db);
    this.#account = account;
    this.#busyWaitMs = busyWaitMs;
  }

  async run<T>(mode: TxMode, fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    const inside = this.#inside.getStore();
    if (inside?.engine === this && inside.running) {
      throw new TransactionMisuseError("the outer store was called from inside its own transaction (it would wait for itself)");
    }
    if (this.#closed) throw new StoreClosedError();
    const release = await this.#lock.acquire();
    try {
      if (this.#closed) throw new StoreClosedError();
      if (this.#checkpointDue) this.#checkpoint();
      await retryWhileBusy(() => this.#db.exec(mode === "rw" ? "BEGIN IMMEDIATE" : "BEGIN"), this.#busyWaitMs).catch((error: unknown) => {
        throw toStoreError(error, "starting a transaction");
      });
      const tx = new SqliteRecordTx(this.#statements, this.#account);
      const mark = { engine: this, running: true };
      try {
        const result = await this.#inside.run(mark, () => fn(tx));
        mark.running = false;
        tx.end();
        this.#db.exec("COMMIT");
        if (tx.wrote) this.#noteWrite();
        return result;
      } catch (error) {
        mark.running = false;
        tx.end();
        // Some failures (disk full, I/O) already rolled the transaction back.
        if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
        throw toStoreError(error, "a store operation");
      }
    } finally {
      release();
    }
  }

  #noteWrite(): void {
    if (this.#checkpointDue || (statSync(this.#walPath, { throwIfNoEntry: false })?.size ?? 0) < walCheckpointBytes) return;
    this.#checkpointDue = true;
    setTimeout(() => void this.#checkpointWhenIdle(), 0).unref();
  }

  async #checkpointWhenIdle(): Promise<void> {
    if (!this.#checkpointDue || this.#closed) return;
    const release = await this.#lock.acquire();
    try {
      if (this.#checkpointDue && !this.#closed) this.#checkpoint();
    } finally {
      release();
    }
  }

  /** Copies the WAL into the database and truncates it. Best effort: a reader elsewhere may hold it back. */
  #checkpoint(): void {
    this.#checkpointDue = false;
    try {
      this.#db.pragma("wal_checkpoint(TRUNCATE)");
    } catch (error) {
      if (!isBusy(error)) throw toStoreError(error, "a WAL checkpoint");
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
