import { Dexie, type Transaction } from "dexie";
import { BaseError } from "../../../errors/BaseError.ts";
import { InvalidStoreInputError, SchemaTooNewError, StoreBackendError } from "../../../errors/storeErrors.ts";
import { dexieSchemaVersion, dexieStores } from "./dexieSchema.ts";

type IndexedDBFactory = Pick<IDBFactory, "open">;

/**
 * Opens the database, refusing one written by a newer schema without upgrading or touching it (Dexie 4 would
 * otherwise adapt silently to a higher installed version).
 *
 * Schema 2 (main 74a9820, before blind indexes) becomes 3 with the same object stores and indexes, and
 * `upgrade` runs in that versionchange transaction: it rewrites the opening account's rows blinded (or refuses
 * its key), so the new version and the rewritten rows commit together or not at all, and a build that knows only
 * schema 2 refuses the database instead of misreading it. The database's other accounts have other keys: their
 * rows are rewritten at their own first open (`openDexieAccount`). An error thrown by `upgrade` aborts the
 * upgrade (the database stays at schema 2, unchanged) and is rethrown as it was.
 */
export async function openDexieDatabase(
  name: string,
  indexedDB: IndexedDBFactory,
  IDBKeyRange: typeof globalThis.IDBKeyRange,
  upgrade: (trans: Transaction) => Promise<void>,
): Promise<Dexie> {
  const installed = await installedVersion(indexedDB, name);
  const supported = dexieSchemaVersion * 10;
  if (installed > supported) throw new SchemaTooNewError({ found: installed / 10, supported: dexieSchemaVersion });
  const db = new Dexie(name, { indexedDB, IDBKeyRange, autoOpen: false });
  let upgradeError: unknown;
  db.version(2).stores(dexieStores());
  db.version(dexieSchemaVersion)
    .stores(dexieStores())
    .upgrade(async (trans) => {
      try {
        await upgrade(trans);
      } catch (error) {
        upgradeError = error;
        throw error;
      }
    });
  try {
    await db.open();
  } catch (cause) {
    db.close();
    if (upgradeError instanceof BaseError) throw upgradeError;
    throw new StoreBackendError("opening the IndexedDB database", { cause: upgradeError ?? cause });
  }
  const opened = db.backendDB().version;
  if (opened > supported) {
    db.close();
    throw new SchemaTooNewError({ found: opened / 10, supported: dexieSchemaVersion });
  }
  return db;
}

export function checkEncryptionKeyInput(encryptionKey: Uint8Array): void {
  if (!(encryptionKey instanceof Uint8Array) || encryptionKey.length < 16) {
    throw new InvalidStoreInputError("the encryption key must be at least 16 bytes");
  }
}

/** The native version of an existing database, 0 if there is none (probing creates nothing). */
function installedVersion(indexedDB: IndexedDBFactory, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    let created = false;
    request.onupgradeneeded = () => {
      created = true;
      request.transaction!.abort();
    };
    request.onsuccess = () => {
      const version = request.result.version;
      request.result.close();
      resolve(version);
    };
    request.onerror = (event) => {
      if (!created) return reject(new StoreBackendError("opening the IndexedDB database", { cause: request.error }));
      event.preventDefault();
      resolve(0);
    };
  });
}
