import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hkdfSha256 } from "../../src/crypto/kdf.ts";
import { labels } from "../../src/crypto/labels.ts";
import { StoreCorruptError, WrongPassphraseError } from "../../src/errors/storeErrors.ts";
import { createDexieStore } from "../../src/store/backends/dexie/createDexieStore.ts";
import { IndexBlinder } from "../../src/store/backends/dexie/IndexBlinder.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { bob, bytes, messageRecord } from "./conformance/records.ts";
import { createDexieHarness, openRawDatabase, testEncryptionKey } from "./dexieHarness.ts";
import { contains, expectNoSecretIn, marker, writeSecrets } from "./secretMaterial.ts";

type RawRow = { pk: [string, string]; v: Uint8Array; [field: string]: unknown };

/** Every object store's rows, read with raw IndexedDB: what someone with the browser profile would see. */
async function dumpRaw(name: string): Promise<{ version: number; stores: Record<string, RawRow[]> }> {
  const db = await openRawDatabase(name);
  const stores: Record<string, RawRow[]> = {};
  for (const store of Array.from(db.objectStoreNames)) {
    stores[store] = await new Promise((resolve, reject) => {
      const request = db.transaction(store, "readonly").objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as RawRow[]);
      request.onerror = () => reject(request.error);
    });
  }
  const version = db.version;
  db.close();
  return { version, stores };
}

/** Every string and byte array anywhere in `value`, as one byte string to search. */
function flatten(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) out.push(value);
  else if (typeof value === "string") out.push(new TextEncoder().encode(value));
  else if (Array.isArray(value)) for (const item of value) flatten(item, out);
  else if (value && typeof value === "object") for (const [field, item] of Object.entries(value)) flatten([field, item], out);
  return out;
}
const asBytes = (value: unknown) => Buffer.concat(flatten(value));

async function rewriteRaw(name: string, table: string, change: (rows: RawRow[]) => RawRow[]): Promise<void> {
  const db = await openRawDatabase(name);
  const store = db.transaction(table, "readwrite").objectStore(table);
  const rows = await new Promise<RawRow[]>((resolve) => {
    const request = store.getAll();
    request.onsuccess = () => resolve(request.result as RawRow[]);
  });
  for (const row of change(rows)) store.put(row);
  await new Promise((resolve) => (store.transaction.oncomplete = resolve));
  db.close();
}

describe("dexie at rest", () => {
  let harness: Awaited<ReturnType<typeof createDexieHarness>>;
  let store: HushlogStore;
  const opened: HushlogStore[] = [];
  beforeEach(async () => {
    harness = await createDexieHarness();
    store = await harness.open();
    opened.push(store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await harness.cleanup();
  });
  const open = async (options: Parameters<typeof harness.open>[0] & { encryptionKey?: Uint8Array; createAccount?: boolean } = {}) => {
    const s = await createDexieStore({ name: harness.name, encryptionKey: testEncryptionKey, indexedDB, IDBKeyRange, ...options });
    opened.push(s);
    return s;
  };

  it("the scan finds plaintext when it is there (so its silence below means something)", () => {
    expect(contains(asBytes({ rows: [{ note: `say ${marker}` }] }), new TextEncoder().encode(marker))).toBe(true);
  });

  it("holds no plaintext, session bytes, or key in any raw IndexedDB value or key", async () => {
    await writeSecrets(store);
    const fieldKey = hkdfSha256(testEncryptionKey, undefined, labels.store.fieldKey, 32);
    const { stores } = await dumpRaw(harness.name);
    expect(stores.sessions).toHaveLength(1);
    expectNoSecretIn(asBytes(stores), "IndexedDB", [testEncryptionKey, fieldKey]);
  });

  it("keeps every record field sealed: rows hold only their key, index values and one sealed blob", async () => {
    await writeSecrets(store);
    const { stores } = await dumpRaw(harness.name);
    for (const [table, rows] of Object.entries(stores)) {
      for (const row of rows) {
        expect(Object.keys(row).filter((field) => field !== "pk" && field !== "v" && !field.startsWith("ix_")), table).toEqual([]);
        expect(row.v).toBeInstanceOf(Uint8Array);
        expect(row.v.length).toBeGreaterThan(24 + 16);
      }
    }
  });

  it("uses a fresh nonce for every write", async () => {
    await store.putIdentity(bob, bytes("key"));
    const first = (await dumpRaw(harness.name)).stores.identities![0]!.v;
    await store.putIdentity(bob, bytes("key"));
    const second = (await dumpRaw(harness.name)).stores.identities![0]!.v;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
  });

  it("detects a sealed record moved to another row or account, or altered", async () => {
    await store.messages.putMany([messageRecord(1), messageRecord(2)]);
    const other = await open({ account: "other", createAccount: true });
    await other.messages.put(messageRecord(1, { body: bytes("other account's body", 100) }));
    // Rows are found by their blind tags (what IndexedDB holds), computed here with the store's key.
    const tags = (account: string) => new IndexBlinder(testEncryptionKey, account);
    const at = (account: string, key: string) => [tags(account).account, tags(account).rowKey("messages", key)];
    await rewriteRaw(harness.name, "messages", (rows) => {
      const find = (account: string, key: string) => rows.find((r) => r.pk[0] === at(account, key)[0] && r.pk[1] === at(account, key)[1])!;
      return [
        { ...find("default", "message-2"), v: find("default", "message-1").v }, // moved between rows
        { ...find("other", "message-1"), v: find("default", "message-1").v }, // moved between accounts
      ];
    });
    await expect(store.messages.get("message-2")).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(other.messages.get("message-1")).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await store.messages.get("message-1")).toEqual(messageRecord(1));
    await rewriteRaw(harness.name, "messages", (rows) => {
      const row = rows.find((r) => r.pk[0] === at("default", "message-1")[0] && r.pk[1] === at("default", "message-1")[1])!;
      const v = row.v.slice();
      v[v.length - 20]! ^= 1;
      return [{ ...row, v }];
    });
    await expect(store.messages.get("message-1")).rejects.toBeInstanceOf(StoreCorruptError);
  });

  it("refuses a wrong key and changes nothing; each account has its own key", async () => {
    await writeSecrets(store);
    await store.close();
    const before = await dumpRaw(harness.name);
    await expect(open({ encryptionKey: new Uint8Array(32).fill(8) })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await dumpRaw(harness.name)).toEqual(before);
    // A key this database knows nothing of: refused too, unless the caller says the account is new here (the
    // files cannot tell a new account from a wrong key without showing which accounts they hold).
    await expect(open({ account: "second", encryptionKey: new Uint8Array(32).fill(9) })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await dumpRaw(harness.name)).toEqual(before);
    const second = await open({ account: "second", encryptionKey: new Uint8Array(32).fill(9), createAccount: true });
    await second.putIdentity(bob, bytes("second"));
    const withSecond = await dumpRaw(harness.name);
    await expect(open({ encryptionKey: new Uint8Array(32).fill(9) })).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(open({ encryptionKey: new Uint8Array(32).fill(8) })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await dumpRaw(harness.name)).toEqual(withSecond);
    expect(await (await open()).loadIdentity(bob)).not.toBeNull();
  });

  it("with createAccount, a wrong key opens an empty store and leaves the real one untouched", async () => {
    await writeSecrets(store);
    const wrong = await open({ encryptionKey: new Uint8Array(32).fill(8), createAccount: true });
    expect(await wrong.sessions.list()).toEqual([]);
    const carol = `0x${"ca".repeat(20)}` as const;
    await wrong.putIdentity(carol, bytes("written under the wrong key"));
    expect(await store.loadIdentity(carol)).toBeNull();
    expect((await store.sessions.list()).length).toBe(1);
  });

  it("refuses a newer schema without upgrading or changing the database", async () => {
    await writeSecrets(store);
    await store.close();
    await harness.makeSchemaTooNew();
    const before = await dumpRaw(harness.name);
    await expect(open()).rejects.toMatchObject({ code: "STORE_SCHEMA_TOO_NEW" });
    expect(await dumpRaw(harness.name)).toEqual(before);
  });
});
