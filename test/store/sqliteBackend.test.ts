import Database from "better-sqlite3-multiple-ciphers";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreBusyError, StoreCorruptError, TransactionMisuseError, WrongPassphraseError } from "../../src/errors/storeErrors.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import { keyParamsPath } from "../../src/store/backends/sqlite/keyParamsFile.ts";
import { migrateSqliteDatabase } from "../../src/store/backends/sqlite/migrateSqliteDatabase.ts";
import { latestSchemaVersion } from "../../src/store/backends/sqlite/migrations.ts";
import { SqliteRecordTx } from "../../src/store/backends/sqlite/SqliteRecordTx.ts";
import { SqliteStatements } from "../../src/store/backends/sqlite/SqliteStatements.ts";
import { indexSpecs, tableNames } from "../../src/store/core/storeTables.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { bytes, messageRecord } from "./conformance/records.ts";
import { cheapKdf, createTempDir, openRawWithKey, testPassphrase } from "./sqliteHarness.ts";

describe("sqlite backend", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const tempPath = () => {
    const dir = createTempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return join(dir, "store.db");
  };
  const open = async (path: string, options: Partial<Parameters<typeof createSqliteStore>[0]> = {}) => {
    const store = await createSqliteStore({ path, passphrase: testPassphrase, kdf: cheapKdf, ...options });
    cleanups.push(() => store.close());
    return store;
  };

  it("migrates to a schema with a column or side table for every index of storeTables", async () => {
    const path = tempPath();
    await (await open(path)).close();
    const db = await openRawWithKey(path);
    expect(db.pragma("user_version", { simple: true })).toBe(latestSchemaVersion);
    const columns = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    for (const table of tableNames) {
      expect(columns(table)).toEqual(expect.arrayContaining(["account", "key", "value"]));
      for (const [name, spec] of indexSpecs(table)) {
        if (spec.multi) expect(columns(`${table}_${name}`)).toEqual(["account", "value", "key"]);
        else expect(columns(table)).toContain(`ix_${name}`);
      }
    }
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("records the salt and Argon2id cost beside the database (no secret), written atomically", async () => {
    const path = tempPath();
    await (await open(path, { kdf: { t: 2, m: 128, p: 1 } })).close();
    const params = JSON.parse(readFileSync(keyParamsPath(path), "utf8"));
    expect(params).toEqual({
      format: "hushlog-sqlite-key/1",
      kdf: "argon2id",
      t: 2,
      m: 128,
      p: 1,
      salt: expect.stringMatching(/^0x[0-9a-f]{32}$/),
      verifier: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });
    expect(readdirSync(join(path, "..")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // An existing database keeps its recorded cost whatever a later open asks for.
    await (await open(path, { kdf: { t: 1, m: 64, p: 1 } })).close();
    expect(JSON.parse(readFileSync(keyParamsPath(path), "utf8"))).toEqual(params);
    // Two databases never share a salt.
    const other = tempPath();
    await (await open(other)).close();
    expect(JSON.parse(readFileSync(keyParamsPath(other), "utf8")).salt).not.toBe(params.salt);
  });

  it("refuses to open a database whose key parameters file is missing, creating nothing", async () => {
    const path = tempPath();
    await (await open(path)).close();
    rmSync(keyParamsPath(path));
    await expect(open(path)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(existsSync(keyParamsPath(path))).toBe(false);
  });

  it("refuses a wrong passphrase by its verifier, and by the database itself when the parameters file was swapped", async () => {
    const path = tempPath();
    await (await open(path)).close();
    await expect(open(path, { passphrase: "wrong horse" })).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(open(path, { passphrase: new TextEncoder().encode(testPassphrase) })).resolves.toBeDefined();
    // Another database's parameters (same passphrase, other salt): the verifier passes, the key does not.
    const other = tempPath();
    await (await open(other)).close();
    copyFileSync(keyParamsPath(path), keyParamsPath(other));
    await expect(open(other)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it("waits for another connection's write lock (async backoff), or gives up with StoreBusyError", async () => {
    const path = tempPath();
    const store = await open(path);
    const holder = await openRawWithKey(path);
    cleanups.push(() => holder.close());
    holder.exec("BEGIN IMMEDIATE");
    // Released from a timer: it can only fire if waiting for the lock does not block the event loop.
    setTimeout(() => holder.exec("COMMIT"), 150);
    const started = performance.now();
    await store.messages.put(messageRecord(1));
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(await store.messages.get("message-1")).not.toBeNull();

    const impatient = await open(path, { busyWaitMs: 0 });
    holder.exec("BEGIN IMMEDIATE");
    const error = await impatient.messages.put(messageRecord(2)).catch((e: unknown) => e);
    holder.exec("COMMIT");
    expect(error).toBeInstanceOf(StoreBusyError);
    expect(await impatient.messages.get("message-2")).toBeNull();
  });

  it("throws TransactionMisuseError (instead of waiting forever) when the outer store is used inside its transaction", async () => {
    const store: HushlogStore = await open(tempPath());
    const error = await store
      .transaction(async (tx) => {
        await tx.messages.put(messageRecord(1));
        await store.messages.get("message-1");
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionMisuseError);
    expect(await store.messages.get("message-1")).toBeNull();
    // Work a transaction starts for later (a timer) may use the outer store once the transaction is over.
    const { later } = await store.transaction(async (tx) => {
      await tx.messages.put(messageRecord(2));
      return { later: new Promise<unknown>((resolve) => setTimeout(() => resolve(store.messages.get("message-2")), 5)) };
    });
    expect(await later).toEqual(messageRecord(2));
  });

  it("checkpoints a WAL grown past 4 MiB after the commit that grew it: before the next unit, or when idle", async () => {
    const path = tempPath();
    const store = await open(path);
    const big = (from: number) => Array.from({ length: 2500 }, (_, i) => messageRecord(from + i, { body: bytes(`big ${from + i}`, 1000) }));
    await store.messages.putMany(big(0));
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    await store.messages.get("message-1");
    expect(statSync(`${path}-wal`).size).toBe(0);
    await store.messages.putMany(big(2500));
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(await store.messages.unreadCount(messageRecord(0).conversationId)).toBe(5000);
  });

  it("reads and writes batches with a bounded number of statements (no per-record round trips)", async () => {
    const statements: string[] = [];
    const db = new Database(":memory:", { verbose: (sql) => statements.push(String(sql)) });
    cleanups.push(() => db.close());
    db.pragma("foreign_keys = ON");
    await migrateSqliteDatabase(db, 0);
    const tx = new SqliteRecordTx(new SqliteStatements(db), "account");
    const keys = Array.from({ length: 1200 }, (_, i) => `k${i}`);
    await tx.put("mutationMacs", keys.map((key) => ({ key, value: bytes(key), index: {} })));
    statements.length = 0;
    expect((await tx.getMany("mutationMacs", [...keys, "missing"])).size).toBe(1200);
    expect(statements.filter((s) => s.startsWith("SELECT"))).toHaveLength(3); // 500 + 500 + 201
    statements.length = 0;
    expect(await tx.delete("mutationMacs", keys)).toBe(1200);
    expect(statements.filter((s) => s.startsWith("DELETE"))).toHaveLength(3);
  });
});
