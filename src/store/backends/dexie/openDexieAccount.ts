import type { Dexie, Transaction } from "dexie";
import { WrongPassphraseError } from "../../../errors/storeErrors.ts";
import { allDexieTables, metaTable } from "./dexieSchema.ts";
import type { FieldCipher } from "./FieldCipher.ts";
import type { IndexBlinder } from "./IndexBlinder.ts";
import { migrateLegacyAccount } from "./migrateLegacyAccount.ts";

type MetaRow = { pk: [string, string]; v: Uint8Array };
type AccountKeys = { account: string; blinder: IndexBlinder; cipher: FieldCipher };

const keyCheckKey = "keyCheck";
const keyCheckText = new TextEncoder().encode("hushlog store key check v1");

/**
 * Opens the account's store in the database, in one readwrite transaction (all or nothing):
 * - its key check (under the account's blind tag) opens: the key is right;
 * - else a key check of the format before blind indexes names the account in plaintext: `migrateLegacyKeyCheck`;
 * - else the account is new here, or the key is wrong: the files cannot tell which without showing the accounts
 *   they hold. A first account, or `createAccount`, writes the key check; otherwise `WrongPassphraseError`.
 * Every refusal happens before anything is written.
 */
export async function openDexieAccount(db: Dexie, keys: AccountKeys, createAccount: boolean): Promise<void> {
  const { blinder, cipher } = keys;
  const outcome = await db.transaction("rw", allDexieTables, async (trans) => {
    const meta = trans.table<MetaRow>(metaTable);
    const current = await meta.get([blinder.account, keyCheckKey]);
    if (current) return opens(() => cipher.open(metaTable, blinder.account, keyCheckKey, current.v)) ? "open" : "wrong";
    const legacy = await migrateLegacyKeyCheck(trans, keys);
    if (legacy !== "none") return legacy;
    if (!createAccount && (await meta.count()) > 0) return "unknown";
    await meta.put(newKeyCheck(keys));
    return "open";
  });
  if (outcome === "wrong") throw new WrongPassphraseError();
  if (outcome === "unknown") {
    throw new WrongPassphraseError({
      metaMessages: ["This key opens no store in this database. If the account is new here, open it with `createAccount: true`."],
    });
  }
}

/**
 * The account's key check of the format before blind indexes (plaintext account), if any: the key must open it
 * ("wrong" otherwise, nothing written); then every row of the account is rewritten blinded (`migrateLegacyAccount`)
 * and the key check with them, inside the caller's transaction. Runs in the versionchange transaction that lifts a
 * database to schema 3 (for the account opening it) and in `openDexieAccount` (for the database's other accounts,
 * each at its first open with its own key).
 */
export async function migrateLegacyKeyCheck(trans: Transaction, keys: AccountKeys): Promise<"none" | "migrated" | "wrong"> {
  const meta = trans.table<MetaRow>(metaTable);
  const legacy = await meta.get([keys.account, keyCheckKey]);
  if (!legacy) return "none";
  if (!opens(() => keys.cipher.openLegacy(metaTable, keys.account, keyCheckKey, legacy.v))) return "wrong";
  await migrateLegacyAccount(trans, keys.account, keys.blinder, keys.cipher);
  await meta.delete([keys.account, keyCheckKey]);
  await meta.put(newKeyCheck(keys));
  return "migrated";
}

function newKeyCheck({ blinder, cipher }: AccountKeys): MetaRow {
  return { pk: [blinder.account, keyCheckKey], v: cipher.seal(metaTable, blinder.account, keyCheckKey, keyCheckText) };
}

function opens(open: () => Uint8Array): boolean {
  try {
    open();
    return true;
  } catch {
    return false;
  }
}
