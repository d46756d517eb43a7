import type { Row } from "../../core/RecordTx.ts";
import { AsyncMutex } from "../../core/AsyncMutex.ts";

/** The memory backend's schema version; a data object marked newer is refused like a newer database file. */
export const memorySchemaVersion = 1;

/**
 * What a memory store keeps: rows by table, account and key. Several stores (accounts, or a "reopened" store)
 * may share one data object; they then also share its lock, so their units of work never interleave.
 */
export type MemoryStoreData = {
  schemaVersion: number;
  readonly tables: Map<string, Map<string, Map<string, Row>>>;
  readonly lock: AsyncMutex;
};

export function createMemoryStoreData(): MemoryStoreData {
  return { schemaVersion: memorySchemaVersion, tables: new Map(), lock: new AsyncMutex() };
}
