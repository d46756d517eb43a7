import type Database from "better-sqlite3-multiple-ciphers";
import { statSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Whether this database file is a copy of the one that was last opened: the file's identity (device, inode and
 * absolute path) is recorded in the database at every open, so a copied file (another inode, or the same bytes
 * restored elsewhere) opens with a record that names another file. Its ratchets may then live on in the original,
 * so the client must never send on them (see markStoreRestored). A rename within one file system keeps the inode
 * but changes the path: also reported (a false alarm costs one re-keying handshake per conversation; a missed copy
 * could reuse message keys).
 */
export function detectFileCopy(db: Database.Database, path: string): boolean {
  const stat = statSync(path, { bigint: true });
  const identity = Buffer.from(`${stat.dev}:${stat.ino}:${resolve(path)}`, "utf8");
  const row = db.prepare("SELECT value FROM store_meta WHERE name = 'file'").get() as { value: Buffer } | undefined;
  if (row && Buffer.compare(row.value, identity) === 0) return false;
  db.prepare("INSERT INTO store_meta (name, value) VALUES ('file', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(identity);
  // A database opened for the first time (no record yet) is no copy.
  return row !== undefined;
}
