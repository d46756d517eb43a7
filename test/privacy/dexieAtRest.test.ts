import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { getAddress, hexToBytes, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDexieStore } from "../../src/store/backends/dexie/createDexieStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { dumpBrowserProfile, identifierNeedles, leaksIn } from "./rawIndexedDb.ts";

/**
 * Issue 18, browser store: someone with a copy of a browser profile's IndexedDB files, and without the store key,
 * learns no participant address, topic, conversation id, group id or transaction hash from them. One scripted
 * session (an interactive handshake, messages both ways, a group, a transaction still pending) over Dexie stores,
 * then every database, object store, row key and index value is read raw and searched for each identifier in every
 * encoding an app would write (hex with and without 0x, lowercase, checksummed, raw bytes).
 */
describe("the IndexedDB files after a client session (issue 18)", () => {
  let chain: TestChain;
  const profile = new IDBFactory();
  const users: TestClientUser[] = [];
  const identifiers = new Map<string, string>();
  const name = (value: string, what: string) => identifiers.set(value.toLowerCase(), what);

  beforeAll(async () => {
    chain = await createTestChain();
    for (let i = 1; i <= 3; i++) {
      const account = chain.walletClients[i]!.account.address;
      // The app's layout: one database for the deployment, every account in it under its own wallet-derived key.
      const store = await createDexieStore({
        name: "hushlog",
        account,
        encryptionKey: new Uint8Array(32).fill(i),
        indexedDB: profile,
        IDBKeyRange,
        createAccount: true,
      });
      users.push(await createTestClient(chain, i, { store }));
    }
    const [alice, bob, carol] = users as [TestClientUser, TestClientUser, TestClientUser];
    const clients = users.map((u) => u.client);
    for (const [a, b] of [[alice, bob], [alice, carol], [bob, carol]] as const) {
      await a.client.startConversation(b.wallet.account.address);
      const from = a.wallet.account.address.toLowerCase();
      await syncUntil([b.client], async () => (await b.client.requests("pending")).some((r) => r.from.toLowerCase() === from));
      await b.client.acceptHandshake((await b.client.requests("pending")).find((r) => r.from.toLowerCase() === from)!.id);
      await syncUntil([a.client], async () => (await a.client.conversations()).length > 0);
    }
    const withBob = alice.client.conversationWith(bob.wallet.account.address);
    await alice.client.sendMessage(withBob, "hello bob");
    await syncUntil(clients, async () => (await bob.client.messages(withBob)).length >= 1);
    await bob.client.sendMessage(withBob, "hello alice");
    await syncUntil(clients, async () => (await alice.client.messages(withBob)).some((m) => m.direction === "in"));
    const { groupId } = await alice.client.createGroup({ name: "trio", members: [bob.wallet.account.address, carol.wallet.account.address] });
    await syncUntil(clients, async () => (await bob.client.groups()).length === 1 && (await carol.client.groups()).length === 1);
    await bob.client.sendGroupMessage(groupId, "bob in the group");
    await carol.client.sendGroupMessage(groupId, "carol in the group");
    await syncUntil(clients, async () => (await alice.client.messages(groupId)).filter((m) => m.direction === "in").length === 2);
    // Sent, not yet seen by a sync: the pending table holds its transaction hash.
    await alice.client.sendMessage(withBob, "still pending");
    const pending = await alice.client.pendingTransactions();
    expect(pending.length).toBeGreaterThan(0);

    for (const u of users) {
      name(u.wallet.account.address, "participant address");
      for (const c of await u.client.conversations()) name(c.conversationId, "conversation id");
    }
    name(groupId, "group id");
    const logs = await chain.publicClient.getLogs({ address: chain.deployment.address, fromBlock: chain.deployment.deployBlock });
    expect(logs.length).toBeGreaterThan(10);
    for (const log of logs) {
      name(log.transactionHash!, "transaction hash");
      // topics[0] is the event's signature, the same for every user of the contract.
      for (const topic of log.topics.slice(1)) name(topic, "topic");
    }
    for (const p of pending) if (p.txHash) name(p.txHash, "pending transaction hash");
  }, 300_000);
  afterAll(async () => {
    for (const u of users) {
      await u.client.close();
      await u.store.close();
    }
    await chain?.close();
  });

  it("the search finds an identifier in each encoding when it is there (so its silence means something)", () => {
    const address = users[0]!.wallet.account.address as Address;
    const lower = address.toLowerCase() as Hex;
    for (const planted of [lower, lower.slice(2), getAddress(address), getAddress(address).slice(2), lower.toUpperCase(), hexToBytes(lower)]) {
      expect(leaksIn({ rows: [{ pk: ["x", planted] }] }, identifierNeedles(new Map([[lower, "address"]]))), String(planted)).toEqual(["address"]);
    }
  });

  it("show no address, topic, conversation id, group id or transaction hash in any database, store, key or index", async () => {
    const dump = await dumpBrowserProfile(profile);
    expect(dump.databases).toEqual(["hushlog"]);
    expect(dump.rowCount).toBeGreaterThan(50);
    const kinds = [...new Set(identifiers.values())];
    expect(kinds).toEqual(expect.arrayContaining(["participant address", "conversation id", "group id", "transaction hash", "topic", "pending transaction hash"]));
    const found = leaksIn(dump, identifierNeedles(identifiers), true);
    expect(found).toEqual([]);
  });
});
