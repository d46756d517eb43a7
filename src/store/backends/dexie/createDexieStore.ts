import { systemRandom } from "../../../crypto/random.ts";
import { StoreBackendError } from "../../../errors/storeErrors.ts";
import type { HushlogStore } from "../../HushlogStore.ts";
import type { HushlogStoreOptions } from "../../HushlogStoreOptions.ts";
import { createHushlogStore } from "../../core/createHushlogStore.ts";
import { DexieEngine } from "./DexieEngine.ts";
import { FieldCipher } from "./FieldCipher.ts";
import { checkEncryptionKey, checkEncryptionKeyInput, openDexieDatabase } from "./openDexieDatabase.ts";

export type DexieStoreOptions = HushlogStoreOptions & {
  /** The IndexedDB database name; several accounts may share one. */
  name: string;
  /**
   * At least 16 secret bytes (the app derives them from a wallet signature or a passphrase). Every record is
   * sealed under a key derived from it; a different key throws `WrongPassphraseError` and changes nothing.
   */
  encryptionKey: Uint8Array;
  /** Default: `globalThis.indexedDB` (pass fake-indexeddb's in Node). */
  indexedDB?: Pick<IDBFactory, "open">;
  IDBKeyRange?: typeof globalThis.IDBKeyRange;
};

/**
 * A store in IndexedDB (browsers) through Dexie: every record sealed with XChaCha20-Poly1305, safe with several
 * tabs open (IndexedDB serializes their transactions; versioned session saves detect lost updates).
 */
export async function createDexieStore(options: DexieStoreOptions): Promise<HushlogStore> {
  checkEncryptionKeyInput(options.encryptionKey);
  const indexedDB = options.indexedDB ?? globalThis.indexedDB;
  const IDBKeyRange = options.IDBKeyRange ?? globalThis.IDBKeyRange;
  if (!indexedDB || !IDBKeyRange) throw new StoreBackendError("opening the store: IndexedDB is not available here");
  const account = options.account ?? "default";
  const db = await openDexieDatabase(options.name, indexedDB, IDBKeyRange);
  const cipher = new FieldCipher(options.encryptionKey, options.random ?? systemRandom);
  try {
    await checkEncryptionKey(db, account, cipher);
  } catch (error) {
    db.close();
    cipher.wipe();
    throw error;
  }
  return createHushlogStore(new DexieEngine(db, account, cipher), options);
}
