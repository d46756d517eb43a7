import type Database from "better-sqlite3-multiple-ciphers";
import { SqliteUnavailableError } from "../../../errors/storeErrors.ts";

export type SqliteDriver = typeof Database;

/**
 * better-sqlite3-multiple-ciphers 13 ships one prebuilt binary per platform built against Node-API 10, which
 * Node.js has from 22.14 (and 24.0). On an older Node the binary does not fail to load: it aborts or segfaults
 * the process (measured: Node 20.0, 20.20, 22.0, 22.13 and 23.0 all crash on `new Database`). So the runtime is
 * checked first, and the driver is loaded only where it can run.
 */
const minimumNodeApi = 10;
const minimumNodeVersion = "22.14";

let loaded: SqliteDriver | undefined;

/**
 * The SQLite driver, loaded on first use rather than imported, so that `hushlog/sqlite` (and the CLI's `--help`)
 * still import without it and a missing optional peer becomes a typed error naming the package to install.
 */
export async function loadSqliteDriver(): Promise<SqliteDriver> {
  if (loaded) return loaded;
  const runtime = globalThis.process?.versions;
  if (Number(runtime?.napi ?? 0) < minimumNodeApi) {
    throw new SqliteUnavailableError({ reason: "old-runtime", nodeVersion: runtime?.node ?? "unknown", minimumNodeVersion });
  }
  try {
    loaded = (await import("better-sqlite3-multiple-ciphers")).default;
  } catch (cause) {
    const missing = (cause as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String(cause).includes("better-sqlite3-multiple-ciphers");
    throw missing ? new SqliteUnavailableError({ reason: "missing-driver", cause }) : cause;
  }
  return loaded;
}
