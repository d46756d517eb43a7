import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREKEY_GRACE_SECONDS, PREKEY_ROTATION_SECONDS } from "../../src/constants.ts";
import { openPrekeyBundle } from "../../src/handshake/openPrekeyBundle.ts";
import { ensurePrekeys } from "../../src/prekeys/ensurePrekeys.ts";
import { loadOwnPrekeys, loadSignedPrekeyRecords } from "../../src/prekeys/loadOwnPrekeys.ts";
import { markPrekeysPublished } from "../../src/prekeys/markPrekeysPublished.ts";
import { prunePrekeys } from "../../src/prekeys/prunePrekeys.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { testUser, type TestUser } from "../fixtures/testIdentities.ts";
import { cheapKdf, createTempDir, testPassphrase } from "../store/sqliteHarness.ts";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
const t0 = 1_800_000_000;
let bob: TestUser;
let bobWithRelayer: TestUser;
const dir = createTempDir();

beforeAll(async () => {
  const relayer = privateKeyToAccount("0x3333333333333333333333333333333333333333333333333333333333333333").address;
  [bob, bobWithRelayer] = await Promise.all([testUser("bob", deployment), testUser("bob", deployment, { delegates: [relayer] })]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: [string, () => Promise<HushlogStore>][] = [
  ["memory", () => createMemoryStore({ account: "bob" })],
  ["sqlite", () => createSqliteStore({ path: join(dir, `lifecycle-${Math.random()}.db`), passphrase: testPassphrase, kdf: cheapKdf, account: "bob" })],
];

describe.each(backends)("prekey schedule (%s store)", (_name, open) => {
  const ensure = (store: HushlogStore, now: number, user = bob) => ensurePrekeys(store, user.identity, user.binding, { ...deployment, now });

  it("creates, republishes until confirmed, rotates on schedule, and prunes after the grace period", async () => {
    const store = await open();
    const first = await ensure(store, t0);
    expect(first).toMatchObject({ prekeyId: 1, created: true });
    const bundle = await openPrekeyBundle(first!.bundle, { account: bob.wallet.address, ...deployment });
    expect(bundle).toMatchObject({ prekeyId: 1, createdAt: t0 });

    // Not confirmed yet: the same bytes again, no new keys.
    expect(await ensure(store, t0 + 60)).toEqual({ prekeyId: 1, bundle: first!.bundle, created: false });
    await markPrekeysPublished(store, 1, t0 + 100);
    expect(await ensure(store, t0 + 200)).toBeNull();
    expect(await ensure(store, t0 + 100 + PREKEY_ROTATION_SECONDS - 1)).toBeNull();

    // Due: a new bundle; the old one stays current until the new one is confirmed.
    const second = await ensure(store, t0 + 100 + PREKEY_ROTATION_SECONDS);
    expect(second).toMatchObject({ prekeyId: 2, created: true });
    expect((await loadOwnPrekeys(store)).map((p) => p.id)).toEqual([2, 1]);
    expect((await prunePrekeys(store, { scannedThrough: t0 + 10 * PREKEY_ROTATION_SECONDS })).length).toBe(0);

    const t2 = t0 + 100 + PREKEY_ROTATION_SECONDS + 30;
    await markPrekeysPublished(store, 2, t2);
    const records = await loadSignedPrekeyRecords(store);
    expect(records.map((r) => [r.id, r.publishedAt, r.supersededAt])).toEqual([
      [2, t2, null],
      [1, t0 + 100, t2],
    ]);
    // A repeated or late confirmation changes nothing else.
    await markPrekeysPublished(store, 2, t2);
    expect(await loadSignedPrekeyRecords(store)).toEqual(records);

    // Grace is measured against how far the chain was scanned, not the clock.
    expect(await prunePrekeys(store, { scannedThrough: t2 + PREKEY_GRACE_SECONDS - 1 })).toEqual([]);
    await store.markKyberPrekeyUsed(1, 1, new Uint8Array(32).fill(7));
    // The chain still shows bundle 1 (bundle 2's block was reorged away): bundle 1 keeps its secrets.
    expect(await prunePrekeys(store, { scannedThrough: t2 + PREKEY_GRACE_SECONDS, onChainPrekeyId: 1 })).toEqual([]);
    expect(await prunePrekeys(store, { scannedThrough: t2 + PREKEY_GRACE_SECONDS, onChainPrekeyId: 2 })).toEqual([1]);
    expect((await loadOwnPrekeys(store)).map((p) => p.id)).toEqual([2]);
    expect(await store.loadKyberPrekey(1)).toBeNull();
    // The current bundle is never pruned, however far the scan went.
    expect(await prunePrekeys(store, { scannedThrough: t2 + 100 * PREKEY_GRACE_SECONDS })).toEqual([]);
    await expect(markPrekeysPublished(store, 9, t2)).rejects.toMatchObject({ code: "STORE_NOT_FOUND" });
    await store.close();
  });

  it("a new key binding (new delegates) gets a new bundle at once", async () => {
    const store = await open();
    await ensure(store, t0);
    await markPrekeysPublished(store, 1, t0);
    expect(await ensure(store, t0 + 10)).toBeNull();
    const changed = await ensure(store, t0 + 20, bobWithRelayer);
    expect(changed).toMatchObject({ prekeyId: 2, created: true });
    const bundle = await openPrekeyBundle(changed!.bundle, { account: bob.wallet.address, ...deployment });
    expect(bundle.owner.binding.delegates).toEqual(bobWithRelayer.binding.delegates);
    await store.close();
  });

  it("the secrets are stored as a signed prekey and a last-resort Kyber prekey that refuses a repeated triple", async () => {
    const store = await open();
    await ensure(store, t0);
    const [own] = await loadOwnPrekeys(store);
    expect(own!.kemSeed.length).toBe(64);
    const baseKey = new Uint8Array(32).fill(1);
    await store.markKyberPrekeyUsed(1, 1, baseKey);
    await store.markKyberPrekeyUsed(1, 1, new Uint8Array(32).fill(2));
    await expect(store.markKyberPrekeyUsed(1, 1, baseKey)).rejects.toMatchObject({ code: "STORE_PREKEY_REUSED" });
    // Last resort: the key itself stays.
    expect(await store.loadKyberPrekey(1)).not.toBeNull();
    await store.close();
  });
});
