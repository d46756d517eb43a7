import { Dexie } from "dexie";
import { BaseError } from "../../../errors/BaseError.ts";
import { StoreBackendError, StoreClosedError, TransactionMisuseError } from "../../../errors/storeErrors.ts";
import type { RecordTx, StoreEngine, TxMode } from "../../core/RecordTx.ts";
import { allDexieTables } from "./dexieSchema.ts";
import { DexieRecordTx } from "./DexieRecordTx.ts";
import type { FieldCipher } from "./FieldCipher.ts";
import type { IndexBlinder } from "./IndexBlinder.ts";
import { RowIndexCache } from "./RowIndexCache.ts";

/**
 * Every unit of work is one IndexedDB transaction over all tables. IndexedDB itself keeps transactions whose
 * scopes overlap from running at once, across tabs too, so no JS lock is needed: a unit issued while a
 * transaction runs (here or in another tab) waits for it.
 */
export class DexieEngine implements StoreEngine {
  readonly #db: Dexie;
  readonly #blinder: IndexBlinder;
  readonly #cipher: FieldCipher;
  readonly #cache = new RowIndexCache();
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;

  constructor(db: Dexie, blinder: IndexBlinder, cipher: FieldCipher) {
    this.#db = db;
    this.#blinder = blinder;
    this.#cipher = cipher;
  }

  run<T>(mode: TxMode, fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    // A new top-level transaction even when called from inside another one's code: joining it would bypass
    // that transaction's held-back writes (and its rollback).
    const unit = Dexie.ignoreTransaction(() =>
      this.#db.transaction(mode === "rw" ? "rw" : "r", allDexieTables, async (trans) => {
        const tx = new DexieRecordTx(trans, this.#blinder, this.#cipher, this.#cache, mode);
        try {
          const result = await fn(tx);
          await tx.flush();
          return result;
        } finally {
          tx.end();
        }
      }),
    ).catch((error: unknown) => {
      throw toStoreError(error);
    });
    this.#running.add(unit);
    const forget = () => this.#running.delete(unit);
    unit.then(forget, forget);
    return unit;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#running]);
    this.#db.close();
    this.#cipher.wipe();
    this.#blinder.wipe();
    this.#cache.clear();
  }
}

function toStoreError(error: unknown): unknown {
  if (error instanceof BaseError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case "PrematureCommitError":
    case "TransactionInactiveError":
      return new TransactionMisuseError("the IndexedDB transaction committed early: something other than a store operation was awaited", { cause: error });
    case "DatabaseClosedError":
      return new StoreClosedError({ cause: error });
    default:
      return error instanceof Dexie.DexieError || error instanceof DOMException ? new StoreBackendError("an IndexedDB operation", { cause: error }) : error;
  }
}
