import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { createDexieStore, type DexieStoreOptions } from "../../src/store/backends/dexie/createDexieStore.ts";
import type { StoreHarness } from "./conformance/StoreHarness.ts";

export const testEncryptionKey = new Uint8Array(32).fill(7);
let databases = 0;

/** Opens a database by hand (raw IndexedDB, no Dexie, no decryption). */
export function openRawDatabase(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

export async function createDexieHarness(overrides: Partial<DexieStoreOptions> = {}): Promise<StoreHarness & { name: string }> {
  const name = `hushlog-test-${process.pid}-${++databases}`;
  return {
    name,
    // The conformance suite opens further accounts in one database under the same key: each is new there.
    open: (options) => createDexieStore({ name, encryptionKey: testEncryptionKey, indexedDB, IDBKeyRange, createAccount: true, ...overrides, ...options }),
    makeSchemaTooNew: async () => {
      const current = await openRawDatabase(name);
      const version = current.version;
      current.close();
      const upgraded = await openRawDatabase(name, version + 10, (db) => db.createObjectStore("fromTheFuture"));
      upgraded.close();
    },
    cleanup: () => deleteDatabase(name),
  };
}
