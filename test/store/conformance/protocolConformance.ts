import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { alice, bob, bytes } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function protocolConformance(factory: HarnessFactory): void {
  describe("protocol bookkeeping", () => {
    const t = useStores(factory);

    it("tracks sender-key status per device and group, and clears a group", async () => {
      await t.store.setSenderKeyStatus("group-1", [["bob:1", true], ["alice:0", false]]);
      await t.store.setSenderKeyStatus("group-2", [["bob:1", false]]);
      expect(await t.store.getSenderKeyDevices("group-1")).toEqual([["alice:0", false], ["bob:1", true]]);
      await t.store.setSenderKeyStatus("group-1", [["alice:0", true]]);
      expect(await t.store.getSenderKeyDevices("group-1")).toEqual([["alice:0", true], ["bob:1", true]]);
      await t.store.clearSenderKeyDevices("group-1");
      expect(await t.store.getSenderKeyDevices("group-1")).toEqual([]);
      expect(await t.store.getSenderKeyDevices("group-2")).toEqual([["bob:1", false]]);
    });

    it("maps aliases to addresses: by alias, by address (most recent), upsert keeping createdAt, all", async () => {
      const entry = (alias: string, address: string, updatedAt: number) => ({ alias, address, createdAt: updatedAt, updatedAt, source: "binding" });
      await t.store.putAliasMapping(entry("bob.eth", bob, 10));
      await t.store.putAliasMapping(entry("robert.eth", bob, 20));
      await t.store.putAliasMapping(entry("alice.eth", alice, 5));
      expect(await t.store.getAliasMapping("bob.eth")).toEqual(entry("bob.eth", bob, 10));
      expect(await t.store.getAliasMapping("carol.eth")).toBeNull();
      expect((await t.store.getAddressMapping(getAddress(bob)))?.alias).toBe("robert.eth");
      expect(await t.store.getAddressMapping("0x0000000000000000000000000000000000000001")).toBeNull();
      await t.store.putAliasMapping({ ...entry("bob.eth", bob, 30), source: "usync" });
      expect(await t.store.getAliasMapping("bob.eth")).toEqual({ alias: "bob.eth", address: bob, createdAt: 10, updatedAt: 30, source: "usync" });
      expect((await t.store.getAddressMapping(bob))?.alias).toBe("bob.eth");
      expect((await t.store.getAllAliasMappings()).map((e) => e.alias).sort()).toEqual(["alice.eth", "bob.eth", "robert.eth"]);
    });

    it("detects base-key collisions", async () => {
      await t.store.saveBaseKey(bob, "msg-1", bytes("base 1"));
      expect(await t.store.hasSameBaseKey(bob, "msg-1", bytes("base 1"))).toBe(true);
      expect(await t.store.hasSameBaseKey(bob, "msg-1", bytes("base 2"))).toBe(false);
      expect(await t.store.hasSameBaseKey(bob, "msg-2", bytes("base 1"))).toBe(false);
      await t.store.deleteBaseKey(bob, "msg-1");
      expect(await t.store.hasSameBaseKey(bob, "msg-1", bytes("base 1"))).toBe(false);
    });

    it("updates device lists one at a time and in batches", async () => {
      const list = (user: string, rawId: number | null) => ({ user, devices: [{ deviceId: 0, keyIndex: null }, { deviceId: 3, keyIndex: 2 }], timestamp: 9, phash: "2:abc", rawId });
      expect(await t.store.getDevices(bob)).toBeNull();
      await t.store.updateDeviceList(list(bob, 1));
      expect(await t.store.getDevices(bob)).toEqual(list(bob, 1));
      await t.store.updateDeviceLists([list(bob, 2), list(alice, null), ...Array.from({ length: 50 }, (_, i) => list(`user-${i}`, i))]);
      expect(await t.store.getDevices(bob)).toEqual(list(bob, 2));
      expect(await t.store.getDevices("user-49")).toEqual(list("user-49", 49));
      expect(await t.store.getDevices(alice)).toEqual(list(alice, null));
    });

    it("keeps contact tokens and deletes those older than a cutoff", async () => {
      await t.store.putContactToken(bob, { token: bytes("bob token"), tokenTimestamp: 100, senderTimestamp: null });
      await t.store.putContactToken(alice, { token: bytes("alice token"), tokenTimestamp: 200, senderTimestamp: 150 });
      expect(await t.store.getContactToken(getAddress(bob))).toEqual({ token: bytes("bob token"), tokenTimestamp: 100, senderTimestamp: null });
      expect((await t.store.getAllContactTokenAddresses()).sort()).toEqual([alice, bob].sort());
      expect(await t.store.deleteExpiredContactTokens(100)).toBe(0);
      expect(await t.store.deleteExpiredContactTokens(101)).toBe(1);
      expect(await t.store.getContactToken(bob)).toBeNull();
      await t.store.deleteContactToken(alice);
      expect(await t.store.getAllContactTokenAddresses()).toEqual([]);
    });

    it("keeps sent messages for retries; a take consumes; expiry deletes the old ones", async () => {
      await t.store.storeSentMessage("chat-1", "m1", bytes("payload 1", 200));
      t.clock.now += 10_000;
      await t.store.storeSentMessage("chat-1", "m2", bytes("payload 2", 200));
      expect(await t.store.takeSentMessage("chat-1", "m1")).toEqual(bytes("payload 1", 200));
      expect(await t.store.takeSentMessage("chat-1", "m1")).toBeNull();
      expect(await t.store.takeSentMessage("chat-2", "m2")).toBeNull();
      await t.store.storeSentMessage("chat-1", "m1", bytes("payload 1", 200)); // re-added after a take
      const m2Seconds = Math.floor(t.clock.now / 1000);
      expect(await t.store.deleteExpiredSentMessages(m2Seconds)).toBe(0);
      t.clock.now += 5_000;
      await t.store.storeSentMessage("chat-1", "m3", bytes("payload 3", 200));
      expect(await t.store.deleteExpiredSentMessages(m2Seconds + 1)).toBe(2);
      expect(await t.store.takeSentMessage("chat-1", "m3")).toEqual(bytes("payload 3", 200));
    });

    it("gives a sent message to exactly one of many concurrent takers on two connections", async () => {
      await t.store.storeSentMessage("chat-1", "m1", bytes("payload"));
      const second = await t.open();
      const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 3 ? second : t.store).takeSentMessage("chat-1", "m1")));
      expect(taken.filter((p) => p !== null)).toHaveLength(1);
    });
  });
}
