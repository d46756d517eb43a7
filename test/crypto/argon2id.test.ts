import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openBackup } from "../../src/backup.ts";
import { argon2id, nativeArgon2id, nobleArgon2id, passesRfc9106Vector } from "../../src/crypto/argon2id.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { createSqliteStore } from "../../src/sqlite.ts";
import { kdfFixture } from "./fixtures/kdfFixture.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "hushlog-argon2id-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("Argon2id: native (node:crypto) when present, noble otherwise, the same bytes either way", () => {
  it("both implementations compute RFC 9106's Argon2id test vector", async () => {
    expect(await passesRfc9106Vector(nobleArgon2id)).toBe(true);
    // The repository runs on Node 24.21, whose node:crypto has argon2: the fast path must be the one taken here.
    const native = await nativeArgon2id();
    expect(native).not.toBeNull();
    expect(await passesRfc9106Vector(native!)).toBe(true);
  });

  it("the probe refuses an implementation that gets the vector wrong", async () => {
    expect(await passesRfc9106Vector(async (input) => (await nobleArgon2id(input)).map((b, i) => (i === 0 ? b ^ 1 : b)))).toBe(false);
    expect(await passesRfc9106Vector(async () => Promise.reject(new Error("unsupported")))).toBe(false);
  });

  it("gives byte-identical output to noble's for every cost, length and input shape the stores and backups use", async () => {
    const random = createSeededRandom("argon2id equality");
    const cases = [
      { params: { t: 1, m: 64, p: 1 }, length: 32 }, // HUSHLOG_KDF=fast
      { params: { t: 3, m: 4096, p: 1 }, length: 32 },
      { params: { t: 2, m: 1024, p: 4 }, length: 64 },
      { params: { t: 1, m: 8, p: 1 }, length: 16 },
    ];
    const native = (await nativeArgon2id())!;
    for (const [i, { params, length }] of cases.entries()) {
      const password = random(1 + i * 17);
      const salt = random(16 + i * 11);
      const expected = await nobleArgon2id({ password, salt, params, length });
      expect(await native({ password, salt, params, length }), JSON.stringify(params)).toEqual(expected);
      expect(await argon2id(password, salt, params, length)).toEqual(expected);
    }
  });

  it("a store and a backup written with the pure-JS Argon2id (frozen files) open with the native one", async () => {
    const path = join(temp, kdfFixture.storeFile);
    copyFileSync(join(fixtures, kdfFixture.storeFile), path);
    copyFileSync(join(fixtures, `${kdfFixture.storeFile}.keyparams.json`), `${path}.keyparams.json`);
    const store = await createSqliteStore({ path, passphrase: kdfFixture.passphrase, account: kdfFixture.account });
    try {
      expect(await store.load()).toEqual(kdfFixture.content);
    } finally {
      await store.close();
    }
    const backup = new Uint8Array(readFileSync(join(fixtures, kdfFixture.backupFile)));
    expect(await openBackup(backup, kdfFixture.passphrase)).toEqual(kdfFixture.content);
  });
});
