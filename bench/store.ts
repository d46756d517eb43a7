import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex, type Hex } from "viem";
import { createDexieStore } from "../src/store/backends/dexie/createDexieStore.ts";
import { createSqliteStore } from "../src/store/backends/sqlite/createSqliteStore.ts";
import type { HushlogStore } from "../src/store/HushlogStore.ts";
import type { MessageRecord } from "../src/store/MessageStore.ts";
import type { SessionRecord } from "../src/store/SessionStore.ts";
import { pseudoRandomBytes, type BenchResult } from "./BenchResult.ts";
import { benchDexieBlindCost } from "./dexieBlindCost.ts";

/** Argon2id at its cheapest, so the rows below time the store, not the key derivation (measured separately). */
const cheapKdf = { t: 1, m: 64, p: 1 };
const conversationId = keccak256(toHex("bench conversation"));

/** A realistic session: ~1.5 kB of ratchet state (skipped keys included) and three inbound topics. */
const inboundTopics = [1, 2, 3].map((i) => keccak256(toHex(`topic ${i}`)));
const states = Array.from({ length: 16 }, (_, i) => pseudoRandomBytes(1500, i + 1));
const session = (version: number): SessionRecord => ({
  conversationId,
  peer: "0x000000000000000000000000000000000000b0b0",
  inboundTopics,
  state: states[version % states.length]!,
  version,
  updatedAt: 1_700_000_000_000 + version,
});

/** Received messages with ~100-byte bodies, as sync writes them. */
const received = (count: number, conversation: Hex): MessageRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${keccak256(toHex(i)).slice(0, 42)}:${i % 8}`,
    conversationId: conversation,
    direction: "in",
    sender: "0x000000000000000000000000000000000000b0b0",
    body: pseudoRandomBytes(100, i + 1),
    status: "received",
    txHash: keccak256(toHex(`tx ${i >> 3}`)),
    blockNumber: 1_000_000n + BigInt(i >> 3),
    blockHash: keccak256(toHex(`block ${i >> 3}`)),
    logIndex: i % 8,
    createdAt: 1_700_000_000_000 + i,
    timestamp: 1_700_000_000 + i,
    read: false,
  }));

/** Mean ms per save+load after a warm-up, over `rounds` rounds. */
async function sessionRoundTrip(store: HushlogStore, rounds: number): Promise<number> {
  let version = 1;
  const once = async () => {
    await store.sessions.save(session(version++));
    if ((await store.sessions.get(conversationId))?.version !== version - 1) throw new Error("round trip lost the session");
  };
  for (let i = 0; i < 200; i++) await once();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await once();
  return (performance.now() - started) / rounds;
}

/**
 * The fastest of `runs` inserts of 10,000 received messages, each into a fresh conversation: the time until
 * `putMany` resolves, and until the next operation completes (which, on SQLite, first runs the WAL checkpoint
 * the insert made due: work the insert's caller does not wait for, but the store still does).
 */
async function insert10k(store: HushlogStore, runs: number): Promise<{ insert: number; withNextOperation: number }> {
  let best = { insert: Infinity, withNextOperation: Infinity };
  for (let run = 0; run < runs; run++) {
    const records = received(10_000, keccak256(toHex(`bench run ${run}`))).map((r) => ({ ...r, id: `${run}/${r.id}` }));
    const started = performance.now();
    await store.messages.putMany(records);
    const inserted = performance.now();
    if ((await store.messages.unreadCount(records[0]!.conversationId)) !== 10_000) throw new Error("insert lost messages");
    const done = performance.now();
    if (inserted - started < best.insert) best = { insert: inserted - started, withNextOperation: done - started };
  }
  return best;
}

export async function benchStore(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "hushlog-bench-"));
  try {
    const sqlite = await createSqliteStore({ path: join(dir, "bench.db"), passphrase: "bench", kdf: cheapKdf });
    const sqliteRoundTrip = await sessionRoundTrip(sqlite, 2_000);
    const sqliteInsert = await insert10k(sqlite, 3);
    await sqlite.close();

    const dexie = await createDexieStore({ name: "hushlog-bench", encryptionKey: pseudoRandomBytes(32, 9), indexedDB, IDBKeyRange });
    const dexieRoundTrip = await sessionRoundTrip(dexie, 500);
    const dexieInsert = await insert10k(dexie, 2);
    await dexie.close();
    const blindCost = await benchDexieBlindCost();

    // What a user waits for when opening a new store with the default Argon2id cost (3 passes, 64 MiB).
    const started = performance.now();
    await (await createSqliteStore({ path: join(dir, "default-kdf.db"), passphrase: "bench" })).close();
    const openDefault = performance.now() - started;

    return [
      { name: "store.sqlite.sessionRoundTrip.ms", value: sqliteRoundTrip, unit: "ms", goal: { max: 0.2 } },
      { name: "store.sqlite.insert10k.ms", value: sqliteInsert.insert, unit: "ms", goal: { max: 1000 } },
      { name: "store.sqlite.insert10k.withCheckpoint.ms", value: sqliteInsert.withNextOperation, unit: "ms" },
      { name: "store.dexie.insert10k.ms", value: dexieInsert.insert, unit: "ms", goal: { max: 2000 } },
      { name: "store.dexie.sessionRoundTrip.ms", value: dexieRoundTrip, unit: "ms" },
      { name: "store.sqlite.openDefaultKdf.ms", value: openDefault, unit: "ms" },
      ...blindCost,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
