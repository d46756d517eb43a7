import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreConflictError, TransactionMisuseError } from "../../src/errors/storeErrors.ts";
import { indexSpecs, tableNames } from "../../src/store/core/storeTables.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { bytes, hash, messageRecord, sessionRecord } from "./conformance/records.ts";
import { createDexieHarness, openRawDatabase } from "./dexieHarness.ts";

describe("dexie backend", () => {
  let harness: Awaited<ReturnType<typeof createDexieHarness>>;
  let store: HushlogStore;
  const opened: HushlogStore[] = [];
  const open = async () => {
    const s = await harness.open();
    opened.push(s);
    return s;
  };
  beforeEach(async () => {
    harness = await createDexieHarness();
    store = await open();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await harness.cleanup();
  });

  it("indexes every lookup, with multi-entry indexes where a record has several values", async () => {
    const db = await openRawDatabase(harness.name);
    const transaction = db.transaction(tableNames, "readonly");
    for (const table of tableNames) {
      const objectStore = transaction.objectStore(table);
      for (const [name, spec] of indexSpecs(table)) {
        expect(objectStore.index(`ix_${name}`).multiEntry, `${table}.${name}`).toBe(spec.multi === true);
      }
      expect(objectStore.indexNames.length).toBe(indexSpecs(table).length);
    }
    db.close();
  });

  it("fails a transaction that awaits something else loudly, and writes none of it", async () => {
    const midway = store.transaction(async (tx) => {
      await tx.messages.put(messageRecord(1));
      await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.messages.put(messageRecord(2));
    });
    await expect(midway).rejects.toBeInstanceOf(TransactionMisuseError);
    const atTheEnd = store.transaction(async (tx) => {
      await tx.messages.put(messageRecord(3));
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    await expect(atTheEnd).rejects.toBeInstanceOf(TransactionMisuseError);
    const outerInside = store.transaction(async (tx) => {
      await tx.messages.put(messageRecord(4));
      await store.messages.get("message-4"); // the outer store: a separate transaction, so an early commit
    });
    await expect(outerInside).rejects.toBeInstanceOf(TransactionMisuseError);
    expect(await store.messages.list(hash("conversation 1"))).toEqual([]);
  });

  it("loses no update when two tabs advance one session concurrently (conflicts are detected and retried)", async () => {
    await store.sessions.save(sessionRecord());
    const tabs = [store, await open()];
    const advance = async (tab: HushlogStore, label: string) => {
      for (let done = 0; done < 10; ) {
        const current = (await tab.sessions.get(hash("conversation 1")))!;
        try {
          await tab.sessions.save({ ...current, state: bytes(label, 1500), version: current.version + 1 });
          done++;
        } catch (error) {
          expect(error).toBeInstanceOf(StoreConflictError);
        }
      }
    };
    await Promise.all(tabs.map((tab, i) => advance(tab, `tab ${i}`)));
    expect((await store.sessions.get(hash("conversation 1")))!.version).toBe(21);
  });
});
