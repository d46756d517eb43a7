import { indexSpecs, tableNames } from "../../core/storeTables.ts";

/**
 * The IndexedDB schema (Dexie multiplies it by 10 for the native version). Bump it, with a new `version()`
 * declaration, whenever `storeTables` changes.
 */
export const dexieSchemaVersion = 2;

/** The table holding each account's key-check record. */
export const metaTable = "meta";

/**
 * Every row is `{ pk: [account, key], v: nonce || sealed record, ix_<name>: [account, value] }`; a multi index
 * holds an array of such pairs. Prefixing every key with the account keeps accounts apart inside each index.
 */
export function dexieStores(): Record<string, string> {
  const stores: Record<string, string> = { [metaTable]: "pk" };
  for (const table of tableNames) {
    stores[table] = ["pk", ...indexSpecs(table).map(([name, spec]) => `${spec.multi ? "*" : ""}ix_${name}`)].join(", ");
  }
  return stores;
}

export const allDexieTables = [metaTable, ...tableNames];
