import Database from "better-sqlite3-multiple-ciphers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex, concatBytes } from "viem";
import { argon2id } from "../../src/crypto/argon2id.ts";
import { labels } from "../../src/crypto/labels.ts";
import { keyParamsPath, readKeyParams } from "../../src/store/backends/sqlite/keyParamsFile.ts";
import { createSqliteStore, type SqliteStoreOptions } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import type { StoreHarness } from "./conformance/StoreHarness.ts";

/** Argon2id at its cheapest: tests pay milliseconds, not seconds, per open. */
export const cheapKdf = { t: 1, m: 64, p: 1 };
export const testPassphrase = "correct horse battery staple";

export function createTempDir(): string {
  return mkdtempSync(join(tmpdir(), "hushlog-store-"));
}

/** Opens the database file by hand with the key the store derives, to tamper with it behind the store's back. */
export async function openRawWithKey(path: string, passphrase = testPassphrase): Promise<Database.Database> {
  const params = readKeyParams(keyParamsPath(path))!;
  const key = await argon2id(new TextEncoder().encode(passphrase), concatBytes([labels.store.databaseKey, params.salt]), params.argon2id);
  const db = new Database(path, { fileMustExist: true });
  db.pragma("cipher = 'sqlcipher'");
  db.key(Buffer.from(`x'${bytesToHex(key).slice(2)}'`));
  return db;
}

export async function createSqliteHarness(overrides: Partial<SqliteStoreOptions> = {}): Promise<StoreHarness & { path: string; dir: string }> {
  const dir = createTempDir();
  const path = join(dir, "hushlog.db");
  return {
    path,
    dir,
    open: (options) => createSqliteStore({ path, passphrase: testPassphrase, kdf: cheapKdf, ...overrides, ...options }),
    makeSchemaTooNew: async () => {
      const db = await openRawWithKey(path);
      const version = db.pragma("user_version", { simple: true }) as number;
      db.pragma(`user_version = ${version + 1}`);
      db.close();
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
