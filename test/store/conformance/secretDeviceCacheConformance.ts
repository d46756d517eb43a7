import { describe, expect, it } from "vitest";
import { InvalidStoreInputError } from "../../../src/errors/storeErrors.ts";
import { bytes, messageRecord } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function secretDeviceCacheConformance(factory: HarnessFactory): void {
  describe("message secrets", () => {
    const t = useStores(factory);
    const entry = (msgId: string, expiresAt: number, messageTs: number, label = msgId) => ({ chat: "chat", sender: "bob", msgId, secret: bytes(label), expiresAt, messageTs });

    it("stores one that never expires, and batches with a count", async () => {
      await t.store.putMsgSecret("chat", "bob", "m0", bytes("m0"));
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "m0")).toEqual({ secret: bytes("m0"), messageTs: 0 });
      expect(await t.store.putMsgSecrets([entry("m1", 100, 10), entry("m2", 200, 20)])).toBe(2);
      expect(await t.store.putMsgSecrets([])).toBe(0);
      expect(await t.store.getMsgSecret("chat", "bob", "m1")).toEqual(bytes("m1"));
      expect(await t.store.getMsgSecret("chat", "alice", "m1")).toBeNull();
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "m2")).toEqual({ secret: bytes("m2"), messageTs: 20 });
    });

    it("on conflict: the later deadline wins (0 = never), the later non-zero messageTs wins, the secret is replaced", async () => {
      await t.store.putMsgSecrets([entry("a", 100, 50), entry("b", 100, 50), entry("c", 0, 50), entry("d", 100, 0)]);
      await t.store.putMsgSecrets([
        entry("a", 50, 40, "a2"), // earlier deadline and ts: both kept
        entry("b", 0, 60, "b2"), // never beats any deadline; later ts wins
        entry("c", 300, 0, "c2"), // stored never stays never; ts 0 never overrides
        entry("d", 150, 0, "d2"),
      ]);
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "a")).toEqual({ secret: bytes("a2"), messageTs: 50 });
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "b")).toEqual({ secret: bytes("b2"), messageTs: 60 });
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "c")).toEqual({ secret: bytes("c2"), messageTs: 50 });
      expect(await t.store.getMsgSecretWithTs("chat", "bob", "d")).toEqual({ secret: bytes("d2"), messageTs: 0 });
      // Deadlines now: a 100, d 150, b and c never.
      expect(await t.store.deleteExpiredMsgSecrets(99)).toBe(0);
      expect(await t.store.deleteExpiredMsgSecrets(100)).toBe(1);
      expect(await t.store.getMsgSecret("chat", "bob", "a")).toBeNull();
      expect(await t.store.deleteExpiredMsgSecrets(149)).toBe(0);
      expect(await t.store.deleteExpiredMsgSecrets(150)).toBe(1);
      expect(await t.store.deleteExpiredMsgSecrets(Number.MAX_SAFE_INTEGER)).toBe(0);
      expect(await t.store.getMsgSecret("chat", "bob", "b")).not.toBeNull();
      expect(await t.store.getMsgSecret("chat", "bob", "c")).not.toBeNull();
    });

    it("deletes entries with 0 < expiresAt <= cutoff and keeps the ones that never expire", async () => {
      await t.store.putMsgSecrets([entry("x", 10, 0), entry("y", 20, 0), entry("z", 0, 0)]);
      expect(await t.store.deleteExpiredMsgSecrets(9)).toBe(0);
      expect(await t.store.deleteExpiredMsgSecrets(20)).toBe(2);
      expect(await t.store.deleteExpiredMsgSecrets(Number.MAX_SAFE_INTEGER)).toBe(0);
      expect(await t.store.getMsgSecret("chat", "bob", "z")).toEqual(bytes("z"));
    });
  });

  describe("device", () => {
    const t = useStores(factory);

    it("saves and loads the local identity of the current device", async () => {
      expect(await t.store.exists()).toBe(false);
      expect(await t.store.load()).toBeNull();
      await t.store.save(bytes("identity v1", 200));
      expect(await t.store.exists()).toBe(true);
      expect(await t.store.load()).toEqual(bytes("identity v1", 200));
      expect(await t.store.create()).toBe(2);
      expect(await t.store.exists()).toBe(false);
      await t.store.save(bytes("identity v2", 200));
      expect(await t.store.load()).toEqual(bytes("identity v2", 200));
      expect(await t.store.create()).toBe(3);
    });

    it("takes snapshots of the account's records with optional extra bytes", async () => {
      await t.store.save(bytes("identity", 200));
      await t.store.messages.putMany([messageRecord(1), messageRecord(2)]);
      await t.store.snapshot("before-failure", bytes("failing payload", 90));
      await t.store.messages.put(messageRecord(3));
      t.clock.now += 1;
      await t.store.snapshot("later");
      expect(await t.store.listSnapshots()).toEqual([
        { name: "before-failure", createdAt: t.clock.now - 1, extra: bytes("failing payload", 90), recordCount: 3 },
        { name: "later", createdAt: t.clock.now, extra: null, recordCount: 4 },
      ]);
    });
  });

  describe("cache", () => {
    const t = useStores(factory);

    it("gets, sets, deletes and clears per namespace", async () => {
      await t.store.cache.set("groups", "g1", bytes("meta 1"));
      await t.store.cache.set("groups", "g2", bytes("meta 2"));
      await t.store.cache.set("devices", "g1", bytes("devices"));
      expect(await t.store.cache.get("groups", "g1")).toEqual(bytes("meta 1"));
      expect(await t.store.cache.get("devices", "g1")).toEqual(bytes("devices"));
      expect(await t.store.cache.get("groups", "g3")).toBeNull();
      expect(await t.store.cache.entryCount("groups")).toBe(2);
      await t.store.cache.delete("groups", "g1");
      expect(await t.store.cache.get("groups", "g1")).toBeNull();
      await t.store.cache.clear("groups");
      expect(await t.store.cache.entryCount("groups")).toBe(0);
      expect(await t.store.cache.entryCount("devices")).toBe(1);
    });

    it("expires entries after their TTL", async () => {
      await t.store.cache.set("ns", "short", bytes("short"), 1_000);
      await t.store.cache.set("ns", "forever", bytes("forever"));
      t.clock.now += 999;
      expect(await t.store.cache.get("ns", "short")).toEqual(bytes("short"));
      t.clock.now += 1;
      expect(await t.store.cache.get("ns", "short")).toBeNull();
      expect(await t.store.cache.entryCount("ns")).toBe(1);
      expect(await t.store.cache.get("ns", "forever")).toEqual(bytes("forever"));
    });

    it("never throws: failures are misses (reported to onCacheError)", async () => {
      const errors: unknown[] = [];
      const store = await t.open({ account: "cache-errors", onCacheError: (e) => errors.push(e) });
      await store.cache.set("ns", "k", bytes("v"));
      await expect(store.cache.set("ns", "k", bytes("v"), -5)).resolves.toBeUndefined();
      expect(errors[0]).toBeInstanceOf(InvalidStoreInputError);
      await store.close();
      await expect(store.cache.get("ns", "k")).resolves.toBeNull();
      await expect(store.cache.set("ns", "k", bytes("v"))).resolves.toBeUndefined();
      await expect(store.cache.entryCount("ns")).resolves.toBe(0);
      await expect(store.cache.clear("ns")).resolves.toBeUndefined();
      await expect(store.cache.delete("ns", "k")).resolves.toBeUndefined();
      expect(errors.length).toBe(6);
    });
  });
}
