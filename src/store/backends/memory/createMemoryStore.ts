import { SchemaTooNewError, StoreClosedError } from "../../../errors/storeErrors.ts";
import type { HushlogStore } from "../../HushlogStore.ts";
import type { HushlogStoreOptions } from "../../HushlogStoreOptions.ts";
import { createHushlogStore } from "../../core/createHushlogStore.ts";
import type { StoreEngine } from "../../core/RecordTx.ts";
import { MemoryRecordTx } from "./MemoryRecordTx.ts";
import { createMemoryStoreData, memorySchemaVersion, type MemoryStoreData } from "./MemoryStoreData.ts";

export type MemoryStoreOptions = HushlogStoreOptions & {
  /**
   * The data to use, e.g. shared with another account's store or kept to "reopen" after `close()`. Default: a
   * fresh, empty data object (lost when the store is dropped).
   */
  data?: MemoryStoreData;
};

/**
 * A store in memory with the full semantics of the persistent ones (atomic units, transactions with rollback,
 * account isolation, records copied in and out), for tests and short-lived scripts.
 */
export async function createMemoryStore(options: MemoryStoreOptions = {}): Promise<HushlogStore> {
  const data = options.data ?? createMemoryStoreData();
  if (data.schemaVersion > memorySchemaVersion) throw new SchemaTooNewError({ found: data.schemaVersion, supported: memorySchemaVersion });
  const account = options.account ?? "default";
  let closed = false;

  const engine: StoreEngine = {
    async run(_mode, fn) {
      if (closed) throw new StoreClosedError();
      const release = await data.lock.acquire();
      try {
        if (closed) throw new StoreClosedError();
        const tx = new MemoryRecordTx(data, account);
        try {
          const result = await fn(tx);
          tx.commit();
          return result;
        } catch (error) {
          tx.rollback();
          throw error;
        }
      } finally {
        release();
      }
    },
    async close() {
      if (closed) return;
      // Waiting for the lock lets running units (and a running transaction) finish first.
      const release = await data.lock.acquire();
      closed = true;
      release();
    },
  };
  return createHushlogStore(engine, options);
}

export { createMemoryStoreData, type MemoryStoreData };
