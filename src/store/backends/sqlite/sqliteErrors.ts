import { BaseError } from "../../../errors/BaseError.ts";
import { StoreBackendError, StoreBusyError, StoreCorruptError } from "../../../errors/storeErrors.ts";

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** SQLITE_BUSY and SQLITE_LOCKED (with their extended codes): another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** Turns a driver error into a typed store error; Hushlog's own errors pass through unchanged. */
export function toStoreError(error: unknown, operation: string): unknown {
  if (error instanceof BaseError) return error;
  const code = codeOf(error);
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return error;
  if (isBusy(error)) return new StoreBusyError({ attempts: 1, cause: error });
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return new StoreCorruptError("the database file is damaged", { cause: error });
  return new StoreBackendError(operation, { cause: error });
}
