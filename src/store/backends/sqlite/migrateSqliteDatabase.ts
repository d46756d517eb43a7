import type Database from "better-sqlite3-multiple-ciphers";
import { SchemaTooNewError } from "../../../errors/storeErrors.ts";
import { latestSchemaVersion, migrations } from "./migrations.ts";
import { retryWhileBusy } from "./retryWhileBusy.ts";

/** Brings the schema to the latest version in one write transaction (all migrations or none). */
export async function migrateSqliteDatabase(db: Database.Database, busyWaitMs: number): Promise<void> {
  if ((db.pragma("user_version", { simple: true }) as number) === latestSchemaVersion) return;
  await retryWhileBusy(() => db.exec("BEGIN IMMEDIATE"), busyWaitMs);
  try {
    // Read again under the write lock: another process may have migrated meanwhile.
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > latestSchemaVersion) throw new SchemaTooNewError({ found: version, supported: latestSchemaVersion });
    for (let v = version; v < latestSchemaVersion; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${latestSchemaVersion}`);
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
