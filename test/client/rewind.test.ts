import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RejectedLog } from "../../src/client/ClientEvents.ts";
import { markStoreRestored } from "../../src/client/markStoreRestored.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { MemoryStoreData } from "../../src/store/backends/memory/MemoryStoreData.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import { keyParamsPath } from "../../src/store/backends/sqlite/keyParamsFile.ts";
import { decodeConversationState } from "../../src/wire/conversationStateCodec.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { cheapKdf, createTempDir, testPassphrase } from "../store/sqliteHarness.ts";

let chain: TestChain;
const dir = createTempDir();
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(async () => {
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A deep copy of a memory store's contents: what a restored backup or a copied store holds. */
function copyOf(data: MemoryStoreData): MemoryStoreData {
  const copy = createMemoryStoreData();
  for (const [table, accounts] of data.tables) {
    copy.tables.set(table, new Map([...accounts].map(([account, rows]) => [account, new Map([...rows].map(([key, row]) => [key, structuredClone(row)]))])));
  }
  return copy;
}

async function pair(aIndex: number, bIndex: number, bData: MemoryStoreData, publishPrekeys: boolean) {
  const a = await createTestClient(chain, aIndex, { client: { publishPrekeys } });
  const b = await createTestClient(chain, bIndex, { store: await createMemoryStore({ account: chain.walletClients[bIndex]!.account.address, data: bData }) });
  await syncUntil([a.client], async () => (await a.client.pendingTransactions()).length === 0);
  await b.client.startConversation(a.wallet.account.address, { message: "hi" });
  await syncUntil([a.client], async () => (await a.client.requests("pending")).length > 0 || (await a.client.conversations()).length > 0);
  const [request] = await a.client.requests("pending");
  const conversationId: Hex = request ? (await a.client.acceptHandshake(request.id)).conversationId : (await a.client.conversations())[0]!.conversationId;
  await syncUntil([b.client], async () => (await b.client.conversations()).length === 1);
  await b.client.sendMessage(conversationId, "one");
  await syncUntil([a.client], async () => (await texts(a, conversationId)).includes("one"));
  return { a, b, conversationId };
}

const texts = async (user: TestClientUser, conversationId: Hex) => (await user.client.messages(conversationId)).filter((m) => m.direction === "in").map((m) => m.content?.text);

/** Both copies send; the receiver must read both, each with its own key (a reused key reads as a duplicate). */
async function sendFromBoth(a: TestClientUser, b: TestClientUser, copy: TestClientUser, conversationId: Hex) {
  const rejected: RejectedLog[] = [];
  a.client.on("rejected", (r) => rejected.push(r));
  await b.client.sendMessage(conversationId, "from the original");
  await copy.client.sendMessage(conversationId, "from the restored copy");
  await syncUntil([a.client], async () => (await texts(a, conversationId)).includes("from the restored copy"));
  expect((await texts(a, conversationId)).slice(-3)).toEqual(["one", "from the original", "from the restored copy"]);
  expect(rejected.map((r) => r.reason)).not.toContain("RATCHET_KEY_UNAVAILABLE");
}

describe("rewind safety: no message key is ever used for two ciphertexts", () => {
  it("a backup restored elsewhere re-keys with a prekey first contact before its first send; both copies are read", async () => {
    const data = createMemoryStoreData();
    const { a, b, conversationId } = await pair(1, 2, data, true);
    const restoredData = copyOf(data);
    const restored = await createMemoryStore({ account: b.wallet.account.address, data: restoredData });
    expect(await markStoreRestored(restored, { account: b.identity.account })).toEqual({ sessions: 1, groups: 0 });
    const copy = { ...b, store: restored, client: b.restart({ store: restored }) };
    // Marked: the restored copy will not send on the chain it shares with the original.
    expect(decodeConversationState((await restored.sessions.get(conversationId))!.state, { chainId: 1, contract: chain.deployment.address }).rewound).toBe(true);
    await sendFromBoth(a, b, copy, conversationId);
    await copy.client.close();
  });

  it("without the peer's prekeys the restored copy re-keys interactively: the send waits (typed), the peer answers by itself", async () => {
    const data = createMemoryStoreData();
    const { a, b, conversationId } = await pair(3, 4, data, false);
    const restored = await createMemoryStore({ account: b.wallet.account.address, data: copyOf(data) });
    await markStoreRestored(restored, { account: b.identity.account });
    const copy = b.restart({ store: restored });
    await expect(copy.sendMessage(conversationId, "too early")).rejects.toMatchObject({ code: "CLIENT_SESSION_REWOUND" });
    // The peer's client answers the re-keying handshake from the device it trusts without asking its user.
    await syncUntil([a.client], async () => (await a.client.pendingTransactions()).length === 0 && (await a.client.requests("accepted")).length === 2);
    await syncUntil([copy], async () => !decodeConversationState((await restored.sessions.get(conversationId))!.state, { chainId: 1, contract: chain.deployment.address }).rewound);
    await sendFromBoth(a, b, { ...b, store: restored, client: copy }, conversationId);
    await copy.close();
  });

  it("a batch sent from a restored copy re-keys first and then delivers every message of the batch", async () => {
    const data = createMemoryStoreData();
    const { a, b, conversationId } = await pair(7, 8, data, true);
    const restored = await createMemoryStore({ account: b.wallet.account.address, data: copyOf(data) });
    await markStoreRestored(restored, { account: b.identity.account });
    const copy = b.restart({ store: restored });
    const sent = await copy.sendMessages([
      { conversationId, content: "batch one" },
      { conversationId, content: "batch two" },
    ]);
    expect(sent.messageIds).toHaveLength(2);
    await syncUntil([a.client], async () => (await texts(a, conversationId)).includes("batch two"));
    expect((await texts(a, conversationId)).slice(-2)).toEqual(["batch one", "batch two"]);
    await copy.close();
  });

  it("a stale session row written back is noticed from the message history and never sent on", async () => {
    const data = createMemoryStoreData();
    const { a, b, conversationId } = await pair(5, 6, data, true);
    const oldRow = (await b.store.sessions.get(conversationId))!;
    await b.client.sendMessage(conversationId, "two");
    await syncUntil([a.client], async () => (await texts(a, conversationId)).includes("two"));
    // Someone writes the old row back (as a browser-store row could be), under a version the store accepts.
    const current = (await b.store.sessions.get(conversationId))!;
    await b.store.sessions.save({ ...oldRow, version: current.version + 1 });
    const again = b.restart();
    await again.sendMessage(conversationId, "three");
    await syncUntil([a.client], async () => (await texts(a, conversationId)).includes("three"));
    expect((await texts(a, conversationId)).slice(-3)).toEqual(["one", "two", "three"]);
    await again.close();
  });

  it("a copied SQLite file says so when opened, and the client marks it restored before sending", async () => {
    const original = join(dir, "original.db");
    const store = await createSqliteStore({ path: original, passphrase: testPassphrase, kdf: cheapKdf, account: "a" });
    expect(store.copied).toBe(false);
    await store.close();
    const reopened = await createSqliteStore({ path: original, passphrase: testPassphrase, account: "a" });
    expect(reopened.copied).toBe(false);
    await reopened.close();
    const copied = join(dir, "copied.db");
    copyFileSync(original, copied);
    copyFileSync(keyParamsPath(original), keyParamsPath(copied));
    const copy = await createSqliteStore({ path: copied, passphrase: testPassphrase, account: "a" });
    expect(copy.copied).toBe(true);
    await copy.close();
    // Once opened there, the copy is that file: no longer reported.
    const copyAgain = await createSqliteStore({ path: copied, passphrase: testPassphrase, account: "a" });
    expect(copyAgain.copied).toBe(false);
    await copyAgain.close();
  });
});
