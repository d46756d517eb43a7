import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { afterEach, describe, expect, it } from "vitest";
import { systemRandom } from "../../src/crypto/random.ts";
import { StoreCorruptError } from "../../src/errors/storeErrors.ts";
import { createHushlogStore } from "../../src/store/core/createHushlogStore.ts";
import { DexieEngine } from "../../src/store/backends/dexie/DexieEngine.ts";
import { FieldCipher } from "../../src/store/backends/dexie/FieldCipher.ts";
import { IndexBlinder } from "../../src/store/backends/dexie/IndexBlinder.ts";
import { openDexieAccount } from "../../src/store/backends/dexie/openDexieAccount.ts";
import { openDexieDatabase } from "../../src/store/backends/dexie/openDexieDatabase.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { hash, messageRecord } from "./conformance/records.ts";
import { createDexieHarness, openRawDatabase, testEncryptionKey } from "./dexieHarness.ts";

const conversation = hash("conversation 1");
const ids = (list: { id: string }[]) => list.map((m) => m.id);

/** A store assembled as createDexieStore does, with its cipher's decryptions counted. */
async function countingStore(name: string): Promise<{ store: HushlogStore; opens: () => number }> {
  const blinder = new IndexBlinder(testEncryptionKey, "default");
  const cipher = new FieldCipher(testEncryptionKey, systemRandom);
  let opens = 0;
  const open = cipher.open.bind(cipher);
  cipher.open = (...args) => (opens++, open(...args));
  const keys = { account: "default", blinder, cipher };
  const db = await openDexieDatabase(name, indexedDB, IDBKeyRange, async () => {});
  await openDexieAccount(db, keys, true);
  return { store: createHushlogStore(new DexieEngine(db, blinder, cipher)), opens: () => opens };
}

describe("dexie: decrypted index values kept per row version", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const twoTabs = async () => {
    const harness = await createDexieHarness();
    const a = await harness.open();
    const b = await harness.open();
    cleanups.push(harness.cleanup, () => a.close(), () => b.close());
    return { harness, a, b };
  };

  it("a page decrypts only the rows it returns once their versions are known (written or read here)", async () => {
    const harness = await createDexieHarness();
    const writer = await countingStore(harness.name);
    const reader = await countingStore(harness.name);
    cleanups.push(harness.cleanup, () => writer.store.close(), () => reader.store.close());
    await writer.store.messages.putMany(Array.from({ length: 40 }, (_, i) => messageRecord(i + 1)));
    // The writer knows the versions it wrote.
    let before = writer.opens();
    const first = await writer.store.messages.list(conversation, { limit: 5 });
    expect(writer.opens() - before).toBe(5);
    // Another connection decrypts the conversation once (every row, the 5 returned among them), then 5 per page.
    before = reader.opens();
    expect(ids(await reader.store.messages.list(conversation, { limit: 5 }))).toEqual(ids(first));
    expect(reader.opens() - before).toBe(40);
    before = reader.opens();
    expect(ids(await reader.store.messages.list(conversation, { limit: 5 }))).toEqual(ids(first));
    expect(reader.opens() - before).toBe(5);
  });

  it("sees what another tab changed: a rewritten row no longer matches what was kept", async () => {
    const { a, b } = await twoTabs();
    await a.messages.putMany([1, 2, 3].map((i) => messageRecord(i)));
    expect(ids(await a.messages.list(conversation))).toEqual(["message-1", "message-2", "message-3"]);
    // Another tab moves message-1 to the end of the order (a later block) and deletes message-2.
    await b.messages.update("message-1", { blockNumber: 999n });
    await b.messages.delete("message-2");
    expect(ids(await a.messages.list(conversation))).toEqual(["message-3", "message-1"]);
    await b.messages.markRead(conversation);
    expect(await a.messages.unreadCount(conversation)).toBe(0);
  });

  it("still authenticates what it returns: a row altered after it was read throws StoreCorruptError", async () => {
    const { harness, a } = await twoTabs();
    await a.messages.putMany([1, 2].map((i) => messageRecord(i)));
    await a.messages.list(conversation);
    const db = await openRawDatabase(harness.name);
    const store = db.transaction("messages", "readwrite").objectStore("messages");
    const rows = await new Promise<{ v: Uint8Array }[]>((resolve) => {
      const request = store.getAll();
      request.onsuccess = () => resolve(request.result);
    });
    for (const row of rows) {
      // Same nonce, same authentication tag, same length: only the ciphertext between them changes.
      const v = row.v.slice();
      v[30]! ^= 1;
      store.put({ ...row, v });
    }
    await new Promise((resolve) => (store.transaction.oncomplete = resolve));
    db.close();
    await expect(a.messages.list(conversation)).rejects.toBeInstanceOf(StoreCorruptError);
  });
});
