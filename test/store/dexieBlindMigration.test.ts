import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { StoreCorruptError, WrongPassphraseError } from "../../src/errors/storeErrors.ts";
import { createDexieStore } from "../../src/store/backends/dexie/createDexieStore.ts";
import { IndexBlinder } from "../../src/store/backends/dexie/IndexBlinder.ts";
import { legacyAccounts, legacyDatabaseName, legacyMessages } from "../fixtures/legacyDexie/legacyDexieAccounts.ts";
import { dumpDatabase, restoreDatabase, type RawDatabaseJson } from "../fixtures/legacyDexie/rawDatabaseJson.ts";
import { identifierNeedles, leaksIn } from "../privacy/rawIndexedDb.ts";
import { expectEveryRecord } from "./conformance/everyRecord.ts";
import { alice, bob, hash } from "./conformance/records.ts";

/** The database main 74a9820 wrote (test/fixtures/legacyDexie): two accounts, each under its own key. */
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/legacyDexie/main-74a9820.json"), "utf8")) as RawDatabaseJson;
const [first, second] = legacyAccounts as [(typeof legacyAccounts)[number], (typeof legacyAccounts)[number]];

async function legacyProfile(change: (dump: RawDatabaseJson) => RawDatabaseJson = (dump) => dump) {
  const profile = new IDBFactory();
  await restoreDatabase(profile, legacyDatabaseName, change(structuredClone(fixture)));
  const open = (account: (typeof legacyAccounts)[number], key = account.key) =>
    createDexieStore({ name: legacyDatabaseName, account: account.account, encryptionKey: key, indexedDB: profile, IDBKeyRange });
  return { profile, open, dump: () => dumpDatabase(profile, legacyDatabaseName) };
}

type Pk = [string, string];
const rowsOf = (dump: RawDatabaseJson, account: string) =>
  Object.fromEntries(dump.stores.map((s) => [s.name, s.rows.filter((r) => (r as { pk: Pk }).pk[0] === account).length]));

/** Everything the fixture's accounts wrote that identifies someone: the accounts, peers, conversations, hashes. */
const identifiers = new Map<string, string>([
  ...legacyAccounts.map((a) => [a.account.toLowerCase(), `account ${a.label}`] as [string, string]),
  [alice, "peer address"],
  [bob, "peer address"],
  [hash("conversation 1"), "conversation id"],
  [hash("conversation 2"), "conversation id"],
  [hash("tx"), "transaction hash"],
  [hash("tx 1"), "transaction hash"],
  [hash("topic next"), "topic"],
]);

describe("a Dexie database written before blind indexes (main 74a9820)", () => {
  it("the fixture is what main wrote: schema 2, every identifier in plaintext", () => {
    expect(fixture.version).toBe(20);
    expect(leaksIn(fixture, identifierNeedles(identifiers))).toEqual(expect.arrayContaining(["account first", "account second", "peer address", "conversation id", "transaction hash", "topic"]));
  });

  it("opens after the upgrade with nothing lost, its rows rewritten blinded; the other account migrates at its own open", async () => {
    const { open, dump } = await legacyProfile();
    const before = await dump();
    const store = await open(first);
    const after = await dump();
    expect(after.version).toBe(30);
    // The opener's rows: every one rewritten under its blind tags, none left behind, none added.
    const tag = new IndexBlinder(first.key, first.account).account;
    expect(rowsOf(after, first.account)).toEqual(Object.fromEntries(after.stores.map((s) => [s.name, 0])));
    expect(rowsOf(after, tag)).toEqual(rowsOf(before, first.account));
    // The other account (another key) is untouched until it opens.
    expect(rowsOf(after, second.account)).toEqual(rowsOf(before, second.account));

    await expectEveryRecord(store, "first");
    // The order index survives: display order across blocks, log indexes and a not-yet-included message.
    const conversation1 = (await store.messages.list(hash("conversation 1"))).map((m) => m.id);
    expect(conversation1).toEqual(["message-1", "message-6", "message-5", "message-2", "message-3"]);
    expect((await store.messages.list(hash("conversation 1"), { before: "message-2", limit: 2 })).map((m) => m.id)).toEqual(["message-6", "message-5"]);
    expect((await store.messages.list(hash("conversation 2"))).map((m) => m.id)).toEqual(["message-4"]);
    expect(await store.messages.unreadCount(hash("conversation 2"))).toBe(legacyMessages.filter((m) => !m.read && m.conversation === "conversation 2").length);
    expect((await store.messages.getByTxHash(hash("tx 4"))).map((m) => m.id)).toEqual(["message-4"]);
    await store.close();

    const other = await open(second);
    await expectEveryRecord(other, "second");
    await other.close();
    const blinded = await dump();
    expect(rowsOf(blinded, second.account)).toEqual(Object.fromEntries(blinded.stores.map((s) => [s.name, 0])));
    expect(leaksIn(blinded, identifierNeedles(identifiers), true)).toEqual([]);
    // Reopening finds the migrated stores as they are (no second migration).
    const again = await open(first);
    expect((await again.messages.list(hash("conversation 1"))).map((m) => m.id)).toEqual(conversation1);
    expect(await again.takeSentMessage("chat", "sent")).toBeNull(); // taken above: the take was stored blinded too
    expect(await again.getMaxPrekeyId()).toBe(10);
    await again.close();
  });

  it("refuses a wrong key with the typed error and changes nothing: not the rows, not the schema version", async () => {
    const { open, dump } = await legacyProfile();
    const before = await dump();
    await expect(open(first, new Uint8Array(32).fill(8))).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await dump()).toEqual(before);
    // The other account's key is a wrong key for this one too.
    await expect(open(first, second.key)).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await dump()).toEqual(before);
    const store = await open(first);
    await expectEveryRecord(store, "first");
    await store.close();
  });

  it("a migration that fails midway (a damaged record in a late table) aborts whole: the database stays as main wrote it", async () => {
    // Damage the opener's record in the last table the migration visits, after it has rewritten the others.
    const { open, dump } = await legacyProfile((d) => {
      const cache = d.stores.find((s) => s.name === "cache")!;
      const row = cache.rows.find((r) => (r as { pk: Pk }).pk[0] === first.account) as { v: { $bytes: string } };
      row.v.$bytes = `${row.v.$bytes.slice(0, -2)}${row.v.$bytes.endsWith("00") ? "01" : "00"}`;
      return d;
    });
    const before = await dump();
    await expect(open(first)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await dump()).toEqual(before);
  });

  it("after the upgrade by one account, a damaged record of another aborts only that account's migration", async () => {
    const { open, dump } = await legacyProfile((d) => {
      const cache = d.stores.find((s) => s.name === "cache")!;
      const row = cache.rows.find((r) => (r as { pk: Pk }).pk[0] === second.account) as { v: { $bytes: string } };
      row.v.$bytes = `${row.v.$bytes.slice(0, -2)}${row.v.$bytes.endsWith("00") ? "01" : "00"}`;
      return d;
    });
    (await open(first)).close();
    const before = await dump();
    await expect(open(second)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await dump()).toEqual(before);
    expect(rowsOf(before, second.account).messages).toBeGreaterThan(0);
  });
});
