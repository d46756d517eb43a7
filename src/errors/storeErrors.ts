import { BaseError } from "./BaseError.ts";

/*
 * Store errors carry only public values: record kinds, ids the caller chose, version numbers, counts. Never a
 * key, a passphrase, a record's bytes, or a backend message that could echo them.
 */

/** A versioned write lost a race: the stored version is not the one the writer started from. Nothing changed. */
export class StoreConflictError extends BaseError<"STORE_CONFLICT"> {
  override name = "StoreConflictError";
  readonly expectedVersion: number;
  readonly actualVersion: number | null;
  constructor({ what, id, expectedVersion, actualVersion }: { what: string; id: string; expectedVersion: number; actualVersion: number | null }) {
    super(
      "STORE_CONFLICT",
      `Conflicting write to ${what} ${id}: expected stored version ${expectedVersion}, found ${actualVersion ?? "none"}.`,
      { metaMessages: ["Another writer (tab, process or task) advanced it first: reload it and retry."] },
    );
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** An update or reference named a record that does not exist. (Plain lookups return `null` instead.) */
export class StoreNotFoundError extends BaseError<"STORE_NOT_FOUND"> {
  override name = "StoreNotFoundError";
  constructor({ what, id }: { what: string; id: string }) {
    super("STORE_NOT_FOUND", `No ${what} ${id} in the store.`);
  }
}

/** The store was closed; open a new one. */
export class StoreClosedError extends BaseError<"STORE_CLOSED"> {
  override name = "StoreClosedError";
  constructor(parameters: { cause?: unknown } = {}) {
    super("STORE_CLOSED", "The store is closed.", parameters);
  }
}

/** The passphrase or key does not open this store. Opening failed and nothing on disk was changed. */
export class WrongPassphraseError extends BaseError<"STORE_WRONG_PASSPHRASE"> {
  override name = "WrongPassphraseError";
  constructor(parameters: { metaMessages?: string[] } = {}) {
    super("STORE_WRONG_PASSPHRASE", "Wrong passphrase or key: the store cannot be opened with it. Nothing was changed.", parameters);
  }
}

/** The data was written by a newer Hushlog (schema version above this build's). Refused rather than downgraded. */
export class SchemaTooNewError extends BaseError<"STORE_SCHEMA_TOO_NEW"> {
  override name = "SchemaTooNewError";
  readonly found: number;
  readonly supported: number;
  constructor({ found, supported }: { found: number; supported: number }) {
    super("STORE_SCHEMA_TOO_NEW", `The store has schema version ${found}; this version of Hushlog supports up to ${supported}.`, {
      metaMessages: ["Upgrade Hushlog to open it. Nothing was changed."],
    });
    this.found = found;
    this.supported = supported;
  }
}

/** The database stayed locked by another connection through every retry. Nothing was written. */
export class StoreBusyError extends BaseError<"STORE_BUSY"> {
  override name = "StoreBusyError";
  readonly attempts: number;
  constructor({ attempts, cause }: { attempts: number; cause?: unknown }) {
    super("STORE_BUSY", `The database is locked by another connection (gave up after ${attempts} attempts).`, { cause });
    this.attempts = attempts;
  }
}

/** Stored data cannot be read back: damaged, truncated, tampered with, or moved between rows. */
export class StoreCorruptError extends BaseError<"STORE_CORRUPT"> {
  override name = "StoreCorruptError";
  constructor(reason: string, parameters: { cause?: unknown } = {}) {
    super("STORE_CORRUPT", `The store is corrupt: ${reason}.`, parameters);
  }
}

/**
 * A transaction was used wrongly: the transaction-bound store after its transaction ended, the outer store from
 * inside the transaction, or (IndexedDB) an await on something other than a store operation, which made the
 * browser commit early. The transaction wrote nothing.
 */
export class TransactionMisuseError extends BaseError<"STORE_TRANSACTION_MISUSE"> {
  override name = "TransactionMisuseError";
  constructor(reason: string, parameters: { cause?: unknown } = {}) {
    super("STORE_TRANSACTION_MISUSE", `Transaction misuse: ${reason}.`, {
      ...parameters,
      metaMessages: ["Inside transaction(fn), use only the `tx` argument and await only its operations."],
    });
  }
}

/** A single-use prekey (or a last-resort Kyber prekey with the same base key) was presented a second time. */
export class PrekeyReusedError extends BaseError<"STORE_PREKEY_REUSED"> {
  override name = "PrekeyReusedError";
  constructor({ kind, id }: { kind: string; id: number }) {
    super("STORE_PREKEY_REUSED", `${kind} ${id} was already used; refusing to use it again.`);
  }
}

/** The storage engine failed for a reason not covered above (I/O error, disk full, quota exceeded...). */
export class StoreBackendError extends BaseError<"STORE_BACKEND"> {
  override name = "StoreBackendError";
  constructor(operation: string, parameters: { cause?: unknown } = {}) {
    super("STORE_BACKEND", `The storage backend failed during ${operation}.`, parameters);
  }
}

/** A store method was given a value it cannot store (a non-integer id, an unsupported field type...). */
export class InvalidStoreInputError extends BaseError<"STORE_INVALID_INPUT"> {
  override name = "InvalidStoreInputError";
  constructor(reason: string) {
    super("STORE_INVALID_INPUT", `Invalid store input: ${reason}.`);
  }
}

/**
 * The SQLite store cannot run here: its driver, the optional peer dependency `better-sqlite3-multiple-ciphers`,
 * is not installed, or this Node.js is older than the driver's prebuilt binary needs (it crashes the process
 * instead of failing, so it is never loaded there). The short message is one line naming the fix.
 */
export class SqliteUnavailableError extends BaseError<"STORE_SQLITE_UNAVAILABLE"> {
  override name = "SqliteUnavailableError";
  readonly reason: "missing-driver" | "old-runtime";
  constructor(parameters: { reason: "missing-driver"; cause?: unknown } | { reason: "old-runtime"; nodeVersion: string; minimumNodeVersion: string }) {
    super(
      "STORE_SQLITE_UNAVAILABLE",
      parameters.reason === "missing-driver"
        ? "The SQLite store needs the package better-sqlite3-multiple-ciphers: npm install better-sqlite3-multiple-ciphers"
        : `The SQLite store needs Node.js ${parameters.minimumNodeVersion} or later (better-sqlite3-multiple-ciphers); this is Node.js ${parameters.nodeVersion}.`,
      parameters.reason === "missing-driver" ? { cause: parameters.cause } : {},
    );
    this.reason = parameters.reason;
  }
}
