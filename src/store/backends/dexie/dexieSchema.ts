import { indexSpecs, tableNames } from "../../core/storeTables.ts";

/**
 * The IndexedDB schema (Dexie multiplies it by 10 for the native version). Bump it, with a new `version()`
 * declaration, whenever `storeTables` changes.
 */
export const dexieSchemaVersion = 3;

/** The table holding each account's key-check record. */
export const metaTable = "meta";

/**
 * Every row is `{ pk: [account tag, key tag], v: nonce || sealed row envelope, ix_<name>: value tag }`; a multi
 * index holds an array of tags. Tags are the blind indexes of `IndexBlinder` (the account, the table and the index
 * are in each tag's input, so accounts stay apart inside each index). Schema 2 (main 74a9820) held the account, key
 * and `[account, value]` index pairs in plaintext; `migrateLegacyAccount` rewrites such rows.
 */
export function dexieStores(): Record<string, string> {
  const stores: Record<string, string> = { [metaTable]: "pk" };
  for (const table of tableNames) {
    stores[table] = ["pk", ...indexSpecs(table).map(([name, spec]) => `${spec.multi ? "*" : ""}ix_${name}`)].join(", ");
  }
  return stores;
}

export const allDexieTables = [metaTable, ...tableNames];
