import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { InvalidStoreInputError, PrekeyReusedError, StoreNotFoundError } from "../../../src/errors/storeErrors.ts";
import { alice, bob, bytes } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function signalConformance(factory: HarnessFactory): void {
  describe("identities", () => {
    const t = useStores(factory);

    it("puts, loads (case-insensitive address) and deletes", async () => {
      await t.store.putIdentity(bob, bytes("bob key"));
      expect(await t.store.loadIdentity(getAddress(bob))).toEqual(bytes("bob key"));
      expect(await t.store.loadIdentity(alice)).toBeNull();
      await t.store.putIdentity(bob, bytes("bob key 2"));
      expect(await t.store.loadIdentity(bob)).toEqual(bytes("bob key 2"));
      await t.store.deleteIdentity(bob);
      expect(await t.store.loadIdentity(bob)).toBeNull();
    });

    it("trusts on first use and reports a changed identity", async () => {
      expect(await t.store.isTrustedIdentity(bob, bytes("bob key"), "receiving")).toBe(true);
      expect(await t.store.saveIdentity(bob, bytes("bob key"))).toBe(false);
      expect(await t.store.saveIdentity(bob, bytes("bob key"))).toBe(false);
      expect(await t.store.isTrustedIdentity(bob, bytes("bob key"), "sending")).toBe(true);
      expect(await t.store.isTrustedIdentity(bob, bytes("mallory key"), "sending")).toBe(false);
      expect(await t.store.isTrustedIdentity(bob, bytes("mallory key"))).toBe(false);
      expect(await t.store.saveIdentity(bob, bytes("new bob key"))).toBe(true);
      expect(await t.store.loadIdentity(bob)).toEqual(bytes("new bob key"));
      expect(await t.store.isTrustedIdentity(bob, bytes("bob key"))).toBe(false);
    });
  });

  describe("prekeys", () => {
    const t = useStores(factory);

    it("stores, loads, removes and reports the highest id numerically", async () => {
      expect(await t.store.getMaxPrekeyId()).toBe(0);
      await t.store.storePrekey(9, bytes("p9"), false);
      await t.store.storePrekey(10, bytes("p10"), true);
      await t.store.storePrekey(100, bytes("p100"), true);
      expect(await t.store.loadPrekey(9)).toEqual(bytes("p9"));
      expect(await t.store.loadPrekey(11)).toBeNull();
      expect(await t.store.getMaxPrekeyId()).toBe(100);
      await t.store.removePrekey(100);
      expect(await t.store.loadPrekey(100)).toBeNull();
      expect(await t.store.getMaxPrekeyId()).toBe(10);
      await expect(t.store.storePrekey(-1, bytes("bad"), false)).rejects.toBeInstanceOf(InvalidStoreInputError);
      await expect(t.store.loadPrekey(1.5)).rejects.toBeInstanceOf(InvalidStoreInputError);
    });

    it("stores and loads batches, in the order asked, leaving out missing ids", async () => {
      const keys = Array.from({ length: 1200 }, (_, i) => [i + 1, bytes(`prekey ${i + 1}`)] as [number, Uint8Array]);
      await t.store.storePrekeysBatch(keys, false);
      expect(await t.store.getMaxPrekeyId()).toBe(1200);
      const asked = [700, 5, 99_999, 1200, 1];
      expect(await t.store.loadPrekeysBatch(asked)).toEqual([700, 5, 1200, 1].map((id) => [id, bytes(`prekey ${id}`)]));
      expect(await t.store.loadPrekeysBatch(keys.map(([id]) => id))).toHaveLength(1200);
      expect(await t.store.loadPrekeysBatch([])).toEqual([]);
    });

    it("tracks which prekeys are uploaded", async () => {
      await t.store.storePrekeysBatch([[3, bytes("p3")], [20, bytes("p20")], [4, bytes("p4")]], false);
      await t.store.storePrekey(5, bytes("p5"), true);
      expect((await t.store.loadUnuploadedPrekeys()).map(([id]) => id)).toEqual([3, 4, 20]);
      await t.store.markPrekeysUploaded([4, 20, 77]);
      expect(await t.store.loadUnuploadedPrekeys()).toEqual([[3, bytes("p3")]]);
      expect(await t.store.loadPrekey(20)).toEqual(bytes("p20"));
    });

    it("takes a prekey atomically: of many concurrent takers on two connections, exactly one gets it", async () => {
      await t.store.storePrekey(1, bytes("one-time"), true);
      const second = await t.open();
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? second : t.store).takePrekey(1)));
      expect(taken.filter((r) => r !== null)).toEqual([bytes("one-time")]);
      expect(await t.store.loadPrekey(1)).toBeNull();
      expect(await t.store.takePrekey(1)).toBeNull();
    });
  });

  describe("signed prekeys", () => {
    const t = useStores(factory);

    it("stores, loads, lists by id and removes", async () => {
      await t.store.storeSignedPrekey(10, bytes("s10"));
      await t.store.storeSignedPrekey(2, bytes("s2"));
      expect(await t.store.loadSignedPrekey(2)).toEqual(bytes("s2"));
      expect(await t.store.loadSignedPrekey(3)).toBeNull();
      expect(await t.store.loadAllSignedPrekeys()).toEqual([[2, bytes("s2")], [10, bytes("s10")]]);
      await t.store.removeSignedPrekey(2);
      expect(await t.store.loadAllSignedPrekeys()).toEqual([[10, bytes("s10")]]);
    });
  });

  describe("Kyber prekeys", () => {
    const t = useStores(factory);

    it("removes a one-time key on use and refuses to use it again", async () => {
      await t.store.storeKyberPrekey(1, bytes("kyber 1", 2400));
      expect(await t.store.loadKyberPrekey(1)).toEqual(bytes("kyber 1", 2400));
      await t.store.markKyberPrekeyUsed(1, 7, bytes("base A"));
      expect(await t.store.loadKyberPrekey(1)).toBeNull();
      await expect(t.store.markKyberPrekeyUsed(1, 7, bytes("base B"))).rejects.toBeInstanceOf(PrekeyReusedError);
      await expect(t.store.markKyberPrekeyUsed(2, 7, bytes("base A"))).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it("lets exactly one of several concurrent users have a one-time key", async () => {
      await t.store.storeKyberPrekey(1, bytes("kyber 1", 2400));
      const second = await t.open();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? second : t.store).markKyberPrekeyUsed(1, 7, bytes(`base ${i}`))),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PrekeyReusedError);
    });

    it("keeps a last-resort key but refuses the same (key, signed prekey, base key) twice", async () => {
      await t.store.storeKyberPrekey(5, bytes("last resort", 2400), { lastResort: true });
      await t.store.markKyberPrekeyUsed(5, 7, bytes("base A"));
      await t.store.markKyberPrekeyUsed(5, 7, bytes("base B"));
      await t.store.markKyberPrekeyUsed(5, 8, bytes("base A"));
      await expect(t.store.markKyberPrekeyUsed(5, 7, bytes("base A"))).rejects.toBeInstanceOf(PrekeyReusedError);
      expect(await t.store.loadKyberPrekey(5)).toEqual(bytes("last resort", 2400));
      await t.store.removeKyberPrekey(5);
      expect(await t.store.loadKyberPrekey(5)).toBeNull();
      await expect(t.store.markKyberPrekeyUsed(5, 7, bytes("base C"))).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it("treats a new key stored under a used id as a new key", async () => {
      await t.store.storeKyberPrekey(1, bytes("first"));
      await t.store.markKyberPrekeyUsed(1, 7, bytes("base A"));
      await t.store.storeKyberPrekey(1, bytes("second"));
      await t.store.markKyberPrekeyUsed(1, 7, bytes("base A"));
      await expect(t.store.markKyberPrekeyUsed(1, 7, bytes("base A"))).rejects.toBeInstanceOf(PrekeyReusedError);
    });
  });

  describe("sender keys", () => {
    const t = useStores(factory);

    it("puts, gets and deletes", async () => {
      await t.store.putSenderKey("group-1:alice", bytes("sender key"));
      expect(await t.store.getSenderKey("group-1:alice")).toEqual(bytes("sender key"));
      expect(await t.store.getSenderKey("group-1:bob")).toBeNull();
      await t.store.putSenderKey("group-1:alice", bytes("rotated"));
      expect(await t.store.getSenderKey("group-1:alice")).toEqual(bytes("rotated"));
      await t.store.deleteSenderKey("group-1:alice");
      expect(await t.store.getSenderKey("group-1:alice")).toBeNull();
    });
  });
}
