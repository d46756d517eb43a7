import { Dexie } from "dexie";
import { InvalidStoreInputError, SchemaTooNewError, StoreBackendError, WrongPassphraseError } from "../../../errors/storeErrors.ts";
import { allDexieTables, dexieSchemaVersion, dexieStores, metaTable } from "./dexieSchema.ts";
import type { FieldCipher } from "./FieldCipher.ts";

type IndexedDBFactory = Pick<IDBFactory, "open">;

const keyCheckKey = "keyCheck";
const keyCheckText = new TextEncoder().encode("hushlog store key check v1");

/**
 * Opens the database, refusing one written by a newer schema without upgrading or touching it (Dexie 4 would
 * otherwise adapt silently to a higher installed version).
 */
export async function openDexieDatabase(name: string, indexedDB: IndexedDBFactory, IDBKeyRange: typeof globalThis.IDBKeyRange): Promise<Dexie> {
  const installed = await installedVersion(indexedDB, name);
  const supported = dexieSchemaVersion * 10;
  if (installed > supported) throw new SchemaTooNewError({ found: installed / 10, supported: dexieSchemaVersion });
  const db = new Dexie(name, { indexedDB, IDBKeyRange, autoOpen: false });
  db.version(dexieSchemaVersion).stores(dexieStores());
  try {
    await db.open();
  } catch (cause) {
    throw new StoreBackendError("opening the IndexedDB database", { cause });
  }
  const opened = db.backendDB().version;
  if (opened > supported) {
    db.close();
    throw new SchemaTooNewError({ found: opened / 10, supported: dexieSchemaVersion });
  }
  return db;
}

/**
 * Checks the account's key-check record (written on the account's first open): a wrong key throws
 * `WrongPassphraseError` before anything is written.
 */
export async function checkEncryptionKey(db: Dexie, account: string, cipher: FieldCipher): Promise<void> {
  const ok = await db.transaction("rw", allDexieTables, async (trans) => {
    const meta = trans.table<{ pk: [string, string]; v: Uint8Array }>(metaTable);
    const stored = await meta.get([account, keyCheckKey]);
    if (!stored) {
      await meta.put({ pk: [account, keyCheckKey], v: cipher.seal(metaTable, account, keyCheckKey, keyCheckText) });
      return true;
    }
    try {
      cipher.open(metaTable, account, keyCheckKey, stored.v);
      return true;
    } catch {
      return false;
    }
  });
  if (!ok) throw new WrongPassphraseError();
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
