import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Address } from "viem";
import type { HushlogStore } from "../index.ts";
import type { Argon2idParams } from "../sqlite.ts";
import { createSqliteStore } from "../sqlite.ts";

const sidecars = (path: string) => [`${path}-wal`, `${path}-shm`, `${path}-journal`];

/**
 * Creates a complete store at `path` or nothing: the store is built under a temporary name in the same
 * directory (written by `fill`, closed), then its key parameters file and database are renamed into place. When
 * `replace` is set, an existing store is first moved aside to `<path>.replaced` (kept, never deleted here). A
 * failure before the renames removes the temporary files and leaves the directory as it was.
 */
export async function createStoreFile(options: {
  path: string;
  passphrase: string;
  account: Address;
  kdf: Argon2idParams;
  replace?: boolean;
  fill: (store: HushlogStore) => Promise<void>;
}): Promise<void> {
  const { path } = options;
  const dir = dirname(path);
  const createdDir = !existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.creating-${process.pid}-${randomBytes(4).toString("hex")}.db`);
  const cleanup = () => {
    for (const file of [temporary, `${temporary}.keyparams.json`, ...sidecars(temporary)]) rmSync(file, { force: true });
    if (createdDir) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty: someone else wrote there meanwhile; leave it
      }
    }
  };
  try {
    const store = await createSqliteStore({ path: temporary, passphrase: options.passphrase, account: options.account.toLowerCase(), kdf: options.kdf });
    try {
      await options.fill(store);
    } finally {
      await store.close();
    }
    // Closing the last connection checkpoints the WAL into the database and removes it.
    if (sidecars(temporary).some((file) => existsSync(file))) throw new Error("the new store did not close cleanly");
    chmodSync(temporary, 0o600);
  } catch (error) {
    cleanup();
    throw error;
  }
  if (options.replace && existsSync(path)) {
    renameSync(path, `${path}.replaced`);
    if (existsSync(`${path}.keyparams.json`)) renameSync(`${path}.keyparams.json`, `${path}.replaced.keyparams.json`);
    for (const file of sidecars(path)) rmSync(file, { force: true });
  }
  // Key parameters first: a database is never in place without the file that opens it.
  renameSync(`${temporary}.keyparams.json`, `${path}.keyparams.json`);
  renameSync(temporary, path);
}
