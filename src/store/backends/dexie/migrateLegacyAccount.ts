import { Dexie, type Transaction } from "dexie";
import type { IndexValues } from "../../core/RecordTx.ts";
import { indexSpecs, tableNames } from "../../core/storeTables.ts";
import { DexieRecordTx } from "./DexieRecordTx.ts";
import type { FieldCipher } from "./FieldCipher.ts";
import type { IndexBlinder } from "./IndexBlinder.ts";
import { RowIndexCache } from "./RowIndexCache.ts";

/** A row of the format before blind indexes (main 74a9820, schema 2): plaintext account, key and index values. */
type LegacyRow = { pk: [string, string]; v: Uint8Array; [index: `ix_${string}`]: [string, string | number] | [string, string | number][] | undefined };

/**
 * Rewrites every row of `account` from the format before blind indexes into blind tags and row envelopes, inside
 * the caller's transaction: IndexedDB commits it whole or not at all, so a tab closed or a browser crashing midway
 * leaves the rows as they were (and the next open migrates again). A record that fails to open throws
 * `StoreCorruptError` and aborts the transaction: nothing is lost or half-written.
 *
 * Only this account's rows: other accounts of the database have their own keys and migrate on their own first open.
 */
export async function migrateLegacyAccount(trans: Transaction, account: string, blinder: IndexBlinder, cipher: FieldCipher): Promise<number> {
  const tx = new DexieRecordTx(trans, blinder, cipher, new RowIndexCache(), "rw");
  let migrated = 0;
  try {
    for (const table of tableNames) {
      const store = trans.table<LegacyRow, [string, string]>(table);
      const legacy = await store.where("pk").between([account, Dexie.minKey], [account, Dexie.maxKey], true, true).toArray();
      if (legacy.length === 0) continue;
      const rows = legacy.map((row) => ({ key: row.pk[1], value: cipher.openLegacy(table, account, row.pk[1], row.v), index: legacyIndex(table, row) }));
      await store.bulkDelete(legacy.map((row) => row.pk));
      await tx.put(table, rows);
      migrated += rows.length;
    }
    await tx.flush();
  } finally {
    tx.end();
  }
  return migrated;
}

/** The index values a legacy row held in plaintext (`[account, value]` pairs; arrays of them for multi indexes). */
function legacyIndex(table: (typeof tableNames)[number], row: LegacyRow): IndexValues {
  const index: IndexValues = {};
  for (const [name, spec] of indexSpecs(table)) {
    const stored = row[`ix_${name}`];
    if (stored === undefined) continue;
    index[name] = spec.multi ? (stored as [string, string | number][]).map((pair) => pair[1]) : (stored as [string, string | number])[1];
  }
  return index;
}
