import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { keccak256, toHex, type Hex } from "viem";
import { systemRandom } from "../src/crypto/random.ts";
import { createHushlogStore } from "../src/store/core/createHushlogStore.ts";
import { DexieEngine } from "../src/store/backends/dexie/DexieEngine.ts";
import { FieldCipher } from "../src/store/backends/dexie/FieldCipher.ts";
import { IndexBlinder } from "../src/store/backends/dexie/IndexBlinder.ts";
import { openDexieAccount } from "../src/store/backends/dexie/openDexieAccount.ts";
import { openDexieDatabase } from "../src/store/backends/dexie/openDexieDatabase.ts";
import type { HushlogStore } from "../src/store/HushlogStore.ts";
import type { MessageRecord } from "../src/store/MessageStore.ts";
import type { SessionRecord } from "../src/store/SessionStore.ts";
import { pseudoRandomBytes, type BenchResult } from "./BenchResult.ts";

/**
 * What blind indexes (issue 18) cost the Dexie store, as counts (HMACs and record decryptions per operation, the
 * same on any machine) and one ratio measured in the same run: the time of an insert's HMACs alone over the whole
 * insert. Stores are assembled here as createDexieStore does, so the blinder's and the cipher's work can be counted.
 */
export async function benchDexieBlindCost(): Promise<BenchResult[]> {
  const key = pseudoRandomBytes(32, 11);
  const account = "0x000000000000000000000000000000000000a11c";
  // Two connections to one database, as two tabs: the reader has neither written nor read anything yet.
  const writer = await openCounting(key, account);
  const reader = await openCounting(key, account);
  const count = async (connection: Counting, fn: () => Promise<unknown>) => {
    const [tags, opened] = [connection.blinder.tagCount, connection.opens()];
    await fn();
    return { tags: connection.blinder.tagCount - tags, opens: connection.opens() - opened };
  };
  try {
    const conversations = Array.from({ length: 5 }, (_, i) => keccak256(toHex(`bench blind ${i}`)));
    // 10,000 messages over five conversations, 2,000 each: the page below reads one conversation, not the account.
    const messages = conversations.flatMap((c, n) => received(2_000, c, n));
    const insertStarted = performance.now();
    const insert = await count(writer, () => writer.store.messages.putMany(messages));
    const insertMs = performance.now() - insertStarted;
    // The same number of HMACs on a standalone blinder: the blinding share of that insert.
    const alone = new IndexBlinder(key, account);
    const tagsStarted = performance.now();
    for (let i = 0; i < insert.tags; i++) alone.rowKey("messages", `${conversations[0]}/${i}`);
    const tagsMs = performance.now() - tagsStarted;
    alone.wipe();

    const save = await count(writer, () => writer.store.sessions.save(session(conversations[0]!, 1)));
    const load = await count(reader, () => reader.store.sessions.get(conversations[0]!));
    const byTopic = await count(reader, () => reader.store.sessions.getByInboundTopic(keccak256(toHex("bench topic 1"))));
    // A connection's first page decrypts the conversation; later ones only their rows (RowIndexCache), unless rows
    // changed. The writer knows what it wrote.
    const firstPage = await count(reader, () => reader.store.messages.list(conversations[0]!, { limit: 50 }));
    const page = await count(reader, () => reader.store.messages.list(conversations[0]!, { limit: 50 }));
    const pageMs = await timed(() => reader.store.messages.list(conversations[0]!, { limit: 50 }));
    const byTx = await count(reader, () => reader.store.messages.getByTxHash(messages[8]!.txHash!));
    const unread = await count(reader, () => reader.store.messages.unreadCount(conversations[0]!));
    return [
      { name: "store.dexie.blind.hmacsPerMessageInsert", value: insert.tags / messages.length, unit: "HMAC" },
      { name: "store.dexie.blind.hmacShareOfInsert", value: tagsMs / insertMs, unit: "ratio" },
      { name: "store.dexie.blind.hmacsPerSessionSave", value: save.tags, unit: "HMAC" },
      { name: "store.dexie.blind.hmacsPerSessionLoad", value: load.tags, unit: "HMAC" },
      { name: "store.dexie.blind.hmacsPerTopicLookup", value: byTopic.tags, unit: "HMAC" },
      { name: "store.dexie.blind.decryptsPerFirstListPage50of2000", value: firstPage.opens, unit: "records" },
      { name: "store.dexie.blind.decryptsPerListPage50of2000", value: page.opens, unit: "records" },
      { name: "store.dexie.blind.listPage50of2000.ms", value: pageMs, unit: "ms" },
      { name: "store.dexie.blind.decryptsPerTxHashLookup", value: byTx.opens, unit: "records" },
      { name: "store.dexie.blind.decryptsPerUnreadCount", value: unread.opens, unit: "records" },
    ];
  } finally {
    await writer.store.close();
    await reader.store.close();
  }
}

type Counting = { store: HushlogStore; blinder: IndexBlinder; opens: () => number };

/** A store assembled as createDexieStore does, its blinder's tags and its cipher's decryptions counted. */
async function openCounting(key: Uint8Array, account: string): Promise<Counting> {
  const blinder = new IndexBlinder(key, account);
  const cipher = new FieldCipher(key, systemRandom);
  let opens = 0;
  const open = cipher.open.bind(cipher);
  cipher.open = (...args) => (opens++, open(...args));
  const db = await openDexieDatabase("hushlog-bench-blind", indexedDB, IDBKeyRange, async () => {});
  await openDexieAccount(db, { account, blinder, cipher }, true);
  return { store: createHushlogStore(new DexieEngine(db, blinder, cipher)), blinder, opens: () => opens };
}

/** Median of 5 runs after one warm-up. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

const session = (conversationId: Hex, version: number): SessionRecord => ({
  conversationId,
  peer: "0x000000000000000000000000000000000000b0b0",
  inboundTopics: [1, 2, 3].map((i) => keccak256(toHex(`bench topic ${i}`))),
  state: pseudoRandomBytes(1500, version),
  version,
  updatedAt: 1_700_000_000_000 + version,
});

const received = (count: number, conversationId: Hex, seed: number): MessageRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${keccak256(toHex(`${seed}/${i}`)).slice(0, 42)}:${i % 8}`,
    conversationId,
    direction: "in",
    sender: "0x000000000000000000000000000000000000b0b0",
    body: pseudoRandomBytes(100, i + 1),
    status: "received",
    txHash: keccak256(toHex(`tx ${seed}/${i >> 3}`)),
    blockNumber: 1_000_000n + BigInt(i >> 3),
    blockHash: keccak256(toHex(`block ${i >> 3}`)),
    logIndex: i % 8,
    createdAt: 1_700_000_000_000 + i,
    timestamp: 1_700_000_000 + i,
    read: false,
  }));
