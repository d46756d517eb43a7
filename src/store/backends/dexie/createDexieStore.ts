import { systemRandom } from "../../../crypto/random.ts";
import type { Dexie } from "dexie";
import { StoreBackendError, WrongPassphraseError } from "../../../errors/storeErrors.ts";
import type { HushlogStore } from "../../HushlogStore.ts";
import type { HushlogStoreOptions } from "../../HushlogStoreOptions.ts";
import { createHushlogStore } from "../../core/createHushlogStore.ts";
import { DexieEngine } from "./DexieEngine.ts";
import { FieldCipher } from "./FieldCipher.ts";
import { IndexBlinder } from "./IndexBlinder.ts";
import { migrateLegacyKeyCheck, openDexieAccount } from "./openDexieAccount.ts";
import { checkEncryptionKeyInput, openDexieDatabase } from "./openDexieDatabase.ts";

export type DexieStoreOptions = HushlogStoreOptions & {
  /** The IndexedDB database name; several accounts may share one. */
  name: string;
  /**
   * At least 16 secret bytes (the app derives them from a wallet signature or a passphrase). Every record is
   * sealed under a key derived from it, and every key and index value IndexedDB sees is a keyed HMAC (a blind
   * index); a different key throws `WrongPassphraseError` and changes nothing.
   */
  encryptionKey: Uint8Array;
  /**
   * Open the account's store even when this key opens no store in the database: a new account in a database that
   * already holds others (the first account of a database is always created). Default `false`: such a key throws
   * `WrongPassphraseError`. The files cannot tell a new account from a wrong key without showing which accounts
   * they hold, so with `true` a wrong key opens an empty store (nothing of the real one is touched). Pass `true`
   * when the key cannot be mistyped, e.g. `deriveDexieKey` with a wallet that signs deterministically.
   */
  createAccount?: boolean;
  /** Default: `globalThis.indexedDB` (pass fake-indexeddb's in Node). */
  indexedDB?: Pick<IDBFactory, "open">;
  IDBKeyRange?: typeof globalThis.IDBKeyRange;
};

/**
 * A store in IndexedDB (browsers) through Dexie: every record sealed with XChaCha20-Poly1305, every row key and
 * index value a blind tag (issue 18: the files show no address, topic, conversation id or transaction hash), safe
 * with several tabs open (IndexedDB serializes their transactions; versioned session saves detect lost updates).
 * A database written before blind indexes is rewritten, per account, at the account's first open.
 *
 * @example
 * const store = await createDexieStore({ name: "hushlog", account, encryptionKey: await deriveDexieKey(wallet), createAccount: true });
 */
export async function createDexieStore(options: DexieStoreOptions): Promise<HushlogStore> {
  checkEncryptionKeyInput(options.encryptionKey);
  const indexedDB = options.indexedDB ?? globalThis.indexedDB;
  const IDBKeyRange = options.IDBKeyRange ?? globalThis.IDBKeyRange;
  if (!indexedDB || !IDBKeyRange) throw new StoreBackendError("opening the store: IndexedDB is not available here");
  const account = options.account ?? "default";
  const cipher = new FieldCipher(options.encryptionKey, options.random ?? systemRandom);
  const blinder = new IndexBlinder(options.encryptionKey, account);
  const keys = { account, blinder, cipher };
  let db: Dexie | undefined;
  try {
    db = await openDexieDatabase(options.name, indexedDB, IDBKeyRange, async (trans) => {
      if ((await migrateLegacyKeyCheck(trans, keys)) === "wrong") throw new WrongPassphraseError();
    });
    await openDexieAccount(db, keys, options.createAccount === true);
  } catch (error) {
    db?.close();
    cipher.wipe();
    blinder.wipe();
    throw error;
  }
  return createHushlogStore(new DexieEngine(db, blinder, cipher), options);
}
