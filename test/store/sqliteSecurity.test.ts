import Database from "better-sqlite3-multiple-ciphers";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex, concatBytes } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { argon2id } from "../../src/crypto/argon2id.ts";
import { labels } from "../../src/crypto/labels.ts";
import { WrongPassphraseError } from "../../src/errors/storeErrors.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import { keyParamsPath, readKeyParams } from "../../src/store/backends/sqlite/keyParamsFile.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { contains, expectNoSecretIn, marker, sessionState, writeSecrets } from "./secretMaterial.ts";
import { cheapKdf, createTempDir, openRawWithKey, testPassphrase } from "./sqliteHarness.ts";

describe("sqlite at rest", () => {
  let dir: string;
  const stores: HushlogStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = async (path: string, passphrase = testPassphrase) => {
    const store = await createSqliteStore({ path, passphrase, kdf: cheapKdf });
    stores.push(store);
    return store;
  };
  const databaseKey = async (path: string) => {
    const params = readKeyParams(keyParamsPath(path))!;
    return argon2id(new TextEncoder().encode(testPassphrase), concatBytes([labels.store.databaseKey, params.salt]), params.argon2id);
  };
  const filesOf = (path: string) => [path, `${path}-wal`, `${path}-shm`, keyParamsPath(path)].filter(existsSync);
  const snapshot = () =>
    Object.fromEntries(readdirSync(dir).map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]));

  it("the scan finds the secrets in an unencrypted database (so its silence below means something)", async () => {
    dir = createTempDir();
    const db = new Database(join(dir, "plain.db"));
    db.exec("CREATE TABLE t (v BLOB)");
    db.prepare("INSERT INTO t VALUES (?)").run(new TextEncoder().encode(`${marker} hello`));
    db.close();
    expect(contains(readFileSync(join(dir, "plain.db")), new TextEncoder().encode(marker))).toBe(true);
  });

  it("holds no plaintext, session bytes or key material in any file, open or closed", async () => {
    dir = createTempDir();
    const path = join(dir, "store.db");
    const store = await open(path);
    await writeSecrets(store);
    const key = await databaseKey(path);
    const extra = [key, new TextEncoder().encode(bytesToHex(key).slice(2)), new TextEncoder().encode(testPassphrase)];
    expect(existsSync(`${path}-wal`)).toBe(true);
    for (const file of filesOf(path)) expectNoSecretIn(readFileSync(file), `${file} (store open)`, extra);
    await store.close();
    for (const file of filesOf(path)) expectNoSecretIn(readFileSync(file), `${file} (store closed)`, extra);
    expect(readFileSync(path).subarray(0, 16).toString("latin1")).not.toBe("SQLite format 3\u0000");
  });

  it("cannot be read by SQLite without the key", async () => {
    dir = createTempDir();
    const path = join(dir, "store.db");
    await writeSecrets(await open(path));
    const plain = new Database(path, { readonly: true });
    expect(() => plain.prepare("SELECT count(*) FROM sqlite_master").get()).toThrow(/file is not a database/);
    plain.close();
  });

  it("refuses a wrong passphrase and changes no byte of any file, with the store closed or still open", async () => {
    dir = createTempDir();
    const path = join(dir, "store.db");
    const store = await open(path);
    await writeSecrets(store);
    const whileOpen = snapshot();
    await expect(open(path, "Correct horse battery staple")).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(snapshot()).toEqual(whileOpen);
    await store.close();
    const closed = snapshot();
    expect(Object.keys(closed).sort()).toEqual(["store.db", "store.db.keyparams.json"]);
    await expect(open(path, "wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(snapshot()).toEqual(closed);
    // The right passphrase still opens it, with everything there.
    const reopened = await open(path);
    expect((await reopened.sessions.list())[0]?.state).toEqual(sessionState);
  });

  it("refuses a newer schema without changing the file", async () => {
    dir = createTempDir();
    const path = join(dir, "store.db");
    await (await open(path)).close();
    const raw = await openRawWithKey(path);
    raw.pragma("user_version = 99");
    raw.close();
    const before = snapshot();
    await expect(open(path)).rejects.toMatchObject({ code: "STORE_SCHEMA_TOO_NEW", found: 99 });
    expect(snapshot()).toEqual(before);
  });
});
