import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../src/client/KeyedMutex.ts";
import { SessionManager } from "../../src/client/SessionManager.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { inboundTopicList } from "../../src/topics/inboundTopics.ts";
import { sessionPair, testContract } from "../ratchet/conversation.ts";
import { testUser } from "../fixtures/testIdentities.ts";

const context = { chainId: 31337, contract: testContract };

/** The real memory store, with its session reads counted. */
async function countingStore(): Promise<{ store: HushlogStore; reads: { get: number; byTopic: number; list: number } }> {
  const store = await createMemoryStore();
  const reads = { get: 0, byTopic: 0, list: 0 };
  const sessions = store.sessions;
  store.sessions = {
    ...sessions,
    get: (id) => (reads.get++, sessions.get(id)),
    getByInboundTopic: (topic) => (reads.byTopic++, sessions.getByInboundTopic(topic)),
    list: () => (reads.list++, sessions.list()),
    save: (record) => sessions.save(record),
    delete: (id) => sessions.delete(id),
  };
  return { store, reads };
}

describe("SessionManager", () => {
  it("resolves topics through its cache, follows every save (promotion, new topics), and forgets old topics", async () => {
    const { store, reads } = await countingStore();
    const manager = new SessionManager(store, context);
    const peer = (await testUser("session manager peer", context)).binding;
    let { initiator, responder } = await sessionPair("session manager");
    const conversationId = `0x${"ab".repeat(32)}` as Hex;

    const state = { ratchet: responder, peer: { binding: peer, device: 0 }, unscanned: [], status: "active" as const, rewound: false };
    const first = manager.nextRecord(null, { conversationId, peer: peer.account, state, now: 1_000 });
    await store.sessions.save(first);
    // First lookup goes to the store; the second is a cache hit with no store read.
    const [topic] = inboundTopicList(responder);
    expect((await manager.resolveTopic(topic!))?.record.version).toBe(1);
    expect(reads.byTopic).toBe(1);
    expect((await manager.resolveTopic(topic!))?.record.version).toBe(1);
    expect(reads.byTopic).toBe(1);

    // The peer's first chain arrives on `next`: the ratchet promotes it and announces nothing new yet.
    const sent = await ratchetEncrypt(initiator, new TextEncoder().encode("hi"));
    initiator = sent.session;
    const got = await ratchetDecrypt(responder, sent.payload, { topic: sent.topic });
    const promoted = { ...state, ratchet: got.session };
    const second = manager.nextRecord(first, { conversationId, peer: peer.account, state: promoted, now: 2_000 });
    expect(second.version).toBe(2);
    await store.sessions.save(second);
    manager.adopt(second, promoted);
    // Topics of the new record resolve from the cache; topics it no longer has do not (they go to the store).
    for (const t of second.inboundTopics) expect((await manager.resolveTopic(t))?.record.version).toBe(2);
    expect(reads.byTopic).toBe(1);
    const dropped = first.inboundTopics.filter((t) => !second.inboundTopics.includes(t));
    for (const t of dropped) expect(await manager.resolveTopic(t)).toBeNull();
    expect(reads.byTopic).toBe(1 + dropped.length);

    // get() is served from the cache too; invalidate() forces a reload.
    await manager.get(conversationId);
    expect(reads.get).toBe(0);
    manager.invalidate(conversationId);
    expect((await manager.get(conversationId))?.record.version).toBe(2);
    expect(reads.get).toBe(1);
  });

  it("a session saved elsewhere (another tab or process) is reloaded by all()", async () => {
    const { store } = await createMemoryStore().then((s) => ({ store: s }));
    const manager = new SessionManager(store, context);
    const peer = (await testUser("session manager peer 2", context)).binding;
    const { responder, initiator } = await sessionPair("elsewhere");
    const conversationId = `0x${"cd".repeat(32)}` as Hex;
    const first = manager.nextRecord(null, { conversationId, peer: peer.account, state: { ratchet: responder, peer: { binding: peer, device: 0 }, unscanned: [], status: "active", rewound: false }, now: 1 });
    await store.sessions.save(first);
    expect((await manager.all())[0]!.record.version).toBe(1);
    const other = new SessionManager(store, context);
    const moved = other.nextRecord(first, { conversationId, peer: peer.account, state: { ratchet: initiator, peer: { binding: peer, device: 0 }, unscanned: [], status: "active", rewound: false }, now: 2 });
    await store.sessions.save(moved);
    expect((await manager.all())[0]!.record.version).toBe(2);
  });
});

describe("KeyedMutex", () => {
  it("never interleaves holders of one key, and overlapping key sets in any order never deadlock", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const hold = (keys: string[], name: string) =>
      mutex.run(keys, async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name}-`);
      });
    await Promise.all([hold(["a", "b"], "1"), hold(["b", "a"], "2"), hold(["b"], "3"), hold(["c"], "4"), hold(["a", "c"], "5")]);
    // Every holder of "a" or "b" ran alone among those sharing a key with it.
    const sharing = (x: string, y: string) => ({ 1: "ab", 2: "ab", 3: "b", 4: "c", 5: "ac" })[x as "1"]!.split("").some((k) => ({ 1: "ab", 2: "ab", 3: "b", 4: "c", 5: "ac" })[y as "1"]!.includes(k));
    const open = new Set<string>();
    for (const entry of log) {
      const name = entry[0]!;
      if (entry.endsWith("+")) {
        for (const other of open) expect(sharing(name, other)).toBe(false);
        open.add(name);
      } else open.delete(name);
    }
    expect(log).toHaveLength(10);
  });
});
