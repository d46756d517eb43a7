import type { Argon2idParams } from "../../../crypto/argon2id.ts";
import { systemRandom } from "../../../crypto/random.ts";
import type { HushlogStore } from "../../HushlogStore.ts";
import type { HushlogStoreOptions } from "../../HushlogStoreOptions.ts";
import { createHushlogStore } from "../../core/createHushlogStore.ts";
import { detectFileCopy } from "./detectFileCopy.ts";
import { openSqliteDatabase } from "./openSqliteDatabase.ts";
import { SqliteEngine } from "./SqliteEngine.ts";

export type SqliteStoreOptions = HushlogStoreOptions & {
  /** The database file. `<path>.keyparams.json` (salt and Argon2id cost, no secret) is kept beside it. */
  path: string;
  /** Derives the SQLCipher key with Argon2id. A wrong one throws `WrongPassphraseError` and changes nothing. */
  passphrase: string | Uint8Array;
  /** Argon2id cost for a NEW database (an existing one keeps its recorded cost). Default `defaultArgon2idParams`. */
  kdf?: Argon2idParams;
  /** How long a write waits for another connection's lock before `StoreBusyError`. Default 10 s. */
  busyWaitMs?: number;
};

/**
 * A store in an encrypted SQLite file (Node only): SQLCipher with a key derived by Argon2id, WAL journal,
 * migrations in `user_version`. Several accounts may share one file; each store sees only its own.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<HushlogStore> {
  const busyWaitMs = options.busyWaitMs ?? 10_000;
  const db = await openSqliteDatabase({
    path: options.path,
    passphrase: options.passphrase,
    kdf: options.kdf,
    random: options.random ?? systemRandom,
    busyWaitMs,
  });
  const copied = detectFileCopy(db, options.path);
  return createHushlogStore(new SqliteEngine(db, options.path, options.account ?? "default", busyWaitMs), { ...options, copied });
}
