import { describe, expect, it } from "vitest";
import { StoreNotFoundError } from "../../../src/errors/storeErrors.ts";
import { alice, bob, hash, pendingHandshakeRecord, pendingRecord, requestRecord } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function pendingConformance(factory: HarnessFactory): void {
  describe("pending transactions", () => {
    const t = useStores(factory);

    it("saves, gets, lists oldest first and deletes", async () => {
      const first = pendingRecord();
      const second = pendingRecord({ id: "pending-0", createdAt: 4_000, conversationIds: [hash("conversation 3")] });
      await t.store.pending.save(first);
      await t.store.pending.save(second);
      expect(await t.store.pending.get("pending-1")).toEqual(first);
      expect(await t.store.pending.get("nope")).toBeNull();
      expect(await t.store.pending.list()).toEqual([second, first]);
      await t.store.pending.delete("pending-0");
      expect(await t.store.pending.list()).toEqual([first]);
    });

    it("finds a record by its current or any earlier transaction hash", async () => {
      await t.store.pending.save(pendingRecord({ status: "replaced", txHash: hash("tx 3"), previousTxHashes: [hash("tx 1"), hash("tx 2")] }));
      for (const h of ["tx 1", "tx 2", "tx 3"]) expect((await t.store.pending.getByTxHash(hash(h)))?.id).toBe("pending-1");
      expect(await t.store.pending.getByTxHash(hash("tx 4"))).toBeNull();
    });

    it("updates the status and given fields, bumps updatedAt, and refuses unknown ids", async () => {
      await t.store.pending.save(pendingRecord());
      await t.store.pending.updateStatus("pending-1", "submitted", { txHash: hash("tx 1"), nonce: 7, attempts: 1 });
      expect(await t.store.pending.get("pending-1")).toMatchObject({ status: "submitted", txHash: hash("tx 1"), nonce: 7, attempts: 1, updatedAt: t.clock.now });
      expect((await t.store.pending.getByTxHash(hash("tx 1")))?.id).toBe("pending-1");
      await t.store.pending.updateStatus("pending-1", "replaced", { txHash: hash("tx 2"), previousTxHashes: [hash("tx 1")] });
      expect((await t.store.pending.getByTxHash(hash("tx 1")))?.status).toBe("replaced");
      await t.store.pending.updateStatus("pending-1", "included", { blockNumber: 2n ** 60n, blockHash: hash("b") });
      expect(await t.store.pending.get("pending-1")).toMatchObject({ status: "included", blockNumber: 2n ** 60n, nonce: 7 });
      await expect(t.store.pending.updateStatus("missing", "failed")).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it("finds records by any conversation they touch", async () => {
      await t.store.pending.save(pendingRecord());
      await t.store.pending.save(pendingRecord({ id: "pending-2", conversationIds: [hash("conversation 2")], createdAt: 1 }));
      expect((await t.store.pending.getByConversation(hash("conversation 1"))).map((p) => p.id)).toEqual(["pending-1"]);
      expect((await t.store.pending.getByConversation(hash("conversation 2"))).map((p) => p.id)).toEqual(["pending-2", "pending-1"]);
      expect(await t.store.pending.getByConversation(hash("conversation 9"))).toEqual([]);
    });
  });

  describe("pending handshakes", () => {
    const t = useStores(factory);

    it("saves, gets by id, tx hash and peer, lists and deletes", async () => {
      const record = pendingHandshakeRecord();
      const unsent = pendingHandshakeRecord({ id: "handshake-2", txHash: null, createdAt: 500 });
      await t.store.pendingHandshakes.save(record);
      await t.store.pendingHandshakes.save(unsent);
      expect(await t.store.pendingHandshakes.get("handshake-1")).toEqual(record);
      expect(await t.store.pendingHandshakes.getByTxHash(hash("handshake tx"))).toEqual(record);
      expect(await t.store.pendingHandshakes.getByTxHash(hash("other"))).toBeNull();
      expect(await t.store.pendingHandshakes.getByPeer(bob)).toEqual([unsent, record]);
      expect(await t.store.pendingHandshakes.getByPeer(alice)).toEqual([]);
      expect(await t.store.pendingHandshakes.list()).toEqual([unsent, record]);
      await t.store.pendingHandshakes.save({ ...record, includedBlock: 77n });
      expect((await t.store.pendingHandshakes.get("handshake-1"))?.includedBlock).toBe(77n);
      await t.store.pendingHandshakes.delete("handshake-1");
      expect(await t.store.pendingHandshakes.list()).toEqual([unsent]);
    });

    it("deletes the expired ones (expiresAt <= now) and says how many", async () => {
      await t.store.pendingHandshakes.save(pendingHandshakeRecord({ id: "a", expiresAt: 10 }));
      await t.store.pendingHandshakes.save(pendingHandshakeRecord({ id: "b", expiresAt: 20 }));
      await t.store.pendingHandshakes.save(pendingHandshakeRecord({ id: "c", expiresAt: 21 }));
      expect(await t.store.pendingHandshakes.deleteExpired(20)).toBe(2);
      expect((await t.store.pendingHandshakes.list()).map((h) => h.id)).toEqual(["c"]);
      expect(await t.store.pendingHandshakes.deleteExpired(20)).toBe(0);
    });
  });

  describe("handshake requests", () => {
    const t = useStores(factory);

    it("saves, gets, lists newest first (optionally by status), updates status and deletes", async () => {
      const older = requestRecord({ id: "r1", receivedAt: 1 });
      const newer = requestRecord({ id: "r2", receivedAt: 2, note: null, verified: false });
      await t.store.requests.save(older);
      await t.store.requests.save(newer);
      expect(await t.store.requests.get("r2")).toEqual(newer);
      expect(await t.store.requests.get("r3")).toBeNull();
      expect(await t.store.requests.list()).toEqual([newer, older]);
      await t.store.requests.updateStatus("r1", "accepted");
      expect((await t.store.requests.list("accepted")).map((r) => r.id)).toEqual(["r1"]);
      expect((await t.store.requests.list("pending")).map((r) => r.id)).toEqual(["r2"]);
      expect(await t.store.requests.list("declined")).toEqual([]);
      await expect(t.store.requests.updateStatus("r3", "declined")).rejects.toBeInstanceOf(StoreNotFoundError);
      await t.store.requests.delete("r1");
      expect(await t.store.requests.list()).toEqual([newer]);
    });
  });

  describe("cursors", () => {
    const t = useStores(factory);

    it("puts, gets (bigints exact) and deletes", async () => {
      const cursor = { key: "31337:0xabc:messages", block: 2n ** 63n + 1n, recentBlocks: [{ number: 2n ** 63n, hash: hash("b0") }], updatedAt: 9 };
      await t.store.cursors.put(cursor);
      expect(await t.store.cursors.get(cursor.key)).toEqual(cursor);
      expect(await t.store.cursors.get("other")).toBeNull();
      await t.store.cursors.put({ ...cursor, block: 5n, recentBlocks: [] });
      expect((await t.store.cursors.get(cursor.key))?.block).toBe(5n);
      await t.store.cursors.delete(cursor.key);
      expect(await t.store.cursors.get(cursor.key)).toBeNull();
    });
  });
}
