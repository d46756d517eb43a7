import type Database from "better-sqlite3-multiple-ciphers";
import { existsSync, statSync } from "node:fs";
import { concatBytes } from "viem";
import { argon2id, defaultArgon2idParams, type Argon2idParams } from "../../../crypto/argon2id.ts";
import { constantTimeEqual, wipe } from "../../../crypto/bytes.ts";
import { hmacSha256 } from "../../../crypto/kdf.ts";
import { labels } from "../../../crypto/labels.ts";
import type { RandomSource } from "../../../crypto/random.ts";
import { InvalidStoreInputError, SchemaTooNewError, StoreCorruptError, WrongPassphraseError } from "../../../errors/storeErrors.ts";
import { keyParamsPath, readKeyParams, writeKeyParams } from "./keyParamsFile.ts";
import { loadSqliteDriver } from "./loadSqliteDriver.ts";
import { latestSchemaVersion } from "./migrations.ts";
import { migrateSqliteDatabase } from "./migrateSqliteDatabase.ts";
import { toStoreError } from "./sqliteErrors.ts";

export type OpenSqliteOptions = {
  path: string;
  passphrase: string | Uint8Array;
  kdf: Argon2idParams | undefined;
  random: RandomSource;
  busyWaitMs: number;
};

/** How long the driver itself sleeps on a lock before handing back to `retryWhileBusy`. */
const driverBusyTimeoutMs = 20;

/**
 * Opens (or creates) the SQLCipher database with a key derived from the passphrase, checks the key before
 * anything is written, refuses a newer schema, then configures the connection and migrates.
 */
export async function openSqliteDatabase(options: OpenSqliteOptions): Promise<Database.Database> {
  // Before the key derivation and before anything is written: without a driver there is nothing to open.
  const Driver = await loadSqliteDriver();
  const paramsPath = keyParamsPath(options.path);
  const fileExists = existsSync(options.path) && statSync(options.path).size > 0;
  const stored = readKeyParams(paramsPath);
  if (!stored && fileExists) throw new StoreCorruptError("the key parameters file beside the database is missing");
  const salt = stored?.salt ?? options.random(16);
  const cost = stored?.argon2id ?? options.kdf ?? defaultArgon2idParams;

  const secret = passphraseBytes(options.passphrase);
  const key = await argon2id(secret, concatBytes([labels.store.databaseKey, salt]), cost, 32).finally(() => wipe(secret));
  const verifier = hmacSha256(key, labels.store.keyCheck);
  if (stored && !constantTimeEqual(verifier, stored.verifier)) {
    wipe(key);
    throw new WrongPassphraseError();
  }
  // Recorded before the database exists, so a crash never leaves a database whose salt is lost.
  if (!stored) writeKeyParams(paramsPath, { salt, argon2id: cost, verifier });

  const db = new Driver(options.path, { fileMustExist: fileExists });
  try {
    db.pragma("cipher = 'sqlcipher'");
    const literal = rawKeyLiteral(key);
    try {
      db.key(Buffer.from(literal.buffer, literal.byteOffset, literal.byteLength));
    } finally {
      wipe(literal, key);
    }
    // The first read decrypts page 1. With a verified key this fails only if the parameters file belongs to
    // another database; still before anything is written.
    try {
      db.prepare("SELECT count(*) FROM sqlite_master").pluck().get();
    } catch (error) {
      if ((error as { code?: unknown }).code === "SQLITE_NOTADB") throw new WrongPassphraseError();
      throw error;
    }
    const found = db.pragma("user_version", { simple: true }) as number;
    if (found > latestSchemaVersion) throw new SchemaTooNewError({ found, supported: latestSchemaVersion });

    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Checkpoints are the engine's job, outside commits (see SqliteEngine).
    db.pragma("wal_autocheckpoint = 0");
    db.pragma("foreign_keys = ON");
    // Sorts and temporary indexes stay in memory: SQLCipher does not encrypt temporary files.
    db.pragma("temp_store = MEMORY");
    db.pragma(`busy_timeout = ${driverBusyTimeoutMs}`);
    await migrateSqliteDatabase(db, options.busyWaitMs);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error, "opening the database");
  }
}

function passphraseBytes(passphrase: string | Uint8Array): Uint8Array {
  // NFKC: the same passphrase typed on two keyboards (composed or decomposed accents) gives the same key.
  const bytes = typeof passphrase === "string" ? new TextEncoder().encode(passphrase.normalize("NFKC")) : passphrase.slice();
  if (bytes.length === 0) throw new InvalidStoreInputError("the passphrase is empty");
  return bytes;
}

/** SQLCipher's raw-key form `x'<64 hex digits>'` as ASCII bytes, built without a JS string (which cannot be wiped). */
function rawKeyLiteral(key: Uint8Array): Uint8Array {
  const digits = "0123456789abcdef";
  const out = new Uint8Array(3 + key.length * 2);
  out[0] = 0x78; // x
  out[1] = 0x27; // '
  key.forEach((b, i) => {
    out[2 + 2 * i] = digits.charCodeAt(b >> 4);
    out[3 + 2 * i] = digits.charCodeAt(b & 15);
  });
  out[out.length - 1] = 0x27;
  return out;
}
