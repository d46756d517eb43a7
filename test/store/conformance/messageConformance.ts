import { describe, expect, it } from "vitest";
import { StoreNotFoundError } from "../../../src/errors/storeErrors.ts";
import { bytes, hash, messageRecord } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function messageConformance(factory: HarnessFactory): void {
  describe("messages", () => {
    const t = useStores(factory);
    const ids = (records: { id: string }[]) => records.map((r) => r.id);

    it("puts, gets and upserts by id; keeps bigints beyond 2^53 exactly", async () => {
      const huge = 2n ** 62n + 12_345n;
      const record = messageRecord(1, { blockNumber: huge });
      await t.store.messages.put(record);
      expect(await t.store.messages.get(record.id)).toEqual(record);
      expect(await t.store.messages.get("nope")).toBeNull();
      await t.store.messages.put({ ...record, status: "reorged", body: bytes("edited", 100) });
      expect(await t.store.messages.get(record.id)).toMatchObject({ status: "reorged", body: bytes("edited", 100), blockNumber: huge });
    });

    it("putMany writes many in one call, later duplicates winning", async () => {
      const records = Array.from({ length: 250 }, (_, i) => messageRecord(i));
      await t.store.messages.putMany([...records, { ...records[3]!, status: "reorged" }]);
      expect(await t.store.messages.list(hash("conversation 1"))).toHaveLength(250);
      expect((await t.store.messages.get("message-3"))!.status).toBe("reorged");
      await t.store.messages.putMany([]);
    });

    it("finds messages by transaction hash (a batch carries several)", async () => {
      await t.store.messages.putMany([
        messageRecord(1, { txHash: hash("batch"), blockNumber: 500n, logIndex: 1 }),
        messageRecord(2, { txHash: hash("batch"), blockNumber: 500n, logIndex: 0 }),
        messageRecord(3),
      ]);
      expect(ids(await t.store.messages.getByTxHash(hash("batch")))).toEqual(["message-2", "message-1"]);
      expect(await t.store.messages.getByTxHash(hash("no tx"))).toEqual([]);
    });

    it("lists in display order: included by (block, log index), then pending by creation time", async () => {
      const conversation = hash("conversation 1");
      await t.store.messages.putMany([
        messageRecord(1, { blockNumber: 200n, logIndex: 1 }),
        messageRecord(2, { blockNumber: 10n, logIndex: 5 }),
        messageRecord(3, { blockNumber: 200n, logIndex: 0 }),
        messageRecord(4, { blockNumber: 1_000n, logIndex: 0 }),
        messageRecord(5, { blockNumber: null, logIndex: null, txHash: null, status: "preparing", direction: "out", createdAt: 50 }),
        messageRecord(6, { blockNumber: null, logIndex: null, txHash: null, status: "submitted", direction: "out", createdAt: 40 }),
        messageRecord(7, { conversationId: hash("conversation 2") }),
      ]);
      expect(ids(await t.store.messages.list(conversation))).toEqual(["message-2", "message-3", "message-1", "message-4", "message-6", "message-5"]);
      expect(ids(await t.store.messages.list(conversation, { limit: 2 }))).toEqual(["message-6", "message-5"]);
      expect(ids(await t.store.messages.list(conversation, { before: "message-4", limit: 2 }))).toEqual(["message-3", "message-1"]);
      expect(ids(await t.store.messages.list(conversation, { before: "message-2" }))).toEqual([]);
      expect(ids(await t.store.messages.list(hash("conversation 2")))).toEqual(["message-7"]);
      await expect(t.store.messages.list(conversation, { before: "message-7" })).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it("pages back through messages that tie on their position", async () => {
      const same = Array.from({ length: 5 }, (_, i) => messageRecord(i, { blockNumber: null, logIndex: null, txHash: null, createdAt: 7 }));
      await t.store.messages.putMany(same);
      const page1 = await t.store.messages.list(hash("conversation 1"), { limit: 2 });
      const page2 = await t.store.messages.list(hash("conversation 1"), { limit: 2, before: page1[0]!.id });
      const page3 = await t.store.messages.list(hash("conversation 1"), { limit: 2, before: page2[0]!.id });
      expect([...ids(page3), ...ids(page2), ...ids(page1)].sort()).toEqual(ids(same).sort());
    });

    it("updates fields (moving the message in the order) and refuses unknown ids", async () => {
      await t.store.messages.putMany([messageRecord(1), messageRecord(2, { blockNumber: null, logIndex: null, txHash: null })]);
      await t.store.messages.update("message-2", { status: "included", txHash: hash("late"), blockNumber: 50n, logIndex: 0, blockHash: hash("b") });
      expect(await t.store.messages.get("message-2")).toMatchObject({ status: "included", blockNumber: 50n, body: bytes("body 2", 100) });
      expect(ids(await t.store.messages.list(hash("conversation 1")))).toEqual(["message-2", "message-1"]);
      expect(ids(await t.store.messages.getByTxHash(hash("late")))).toEqual(["message-2"]);
      await expect(t.store.messages.update("missing", { read: true })).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it("counts unread messages per conversation and marks them read", async () => {
      await t.store.messages.putMany([
        messageRecord(1),
        messageRecord(2),
        messageRecord(3, { read: true }),
        messageRecord(4, { conversationId: hash("conversation 2") }),
      ]);
      expect(await t.store.messages.unreadCount(hash("conversation 1"))).toBe(2);
      await t.store.messages.markRead(hash("conversation 1"));
      expect(await t.store.messages.unreadCount(hash("conversation 1"))).toBe(0);
      expect((await t.store.messages.get("message-1"))!.read).toBe(true);
      expect(await t.store.messages.unreadCount(hash("conversation 2"))).toBe(1);
    });

    it("deletes", async () => {
      await t.store.messages.put(messageRecord(1));
      await t.store.messages.delete("message-1");
      await t.store.messages.delete("message-1");
      expect(await t.store.messages.get("message-1")).toBeNull();
      expect(await t.store.messages.getByTxHash(hash("tx 1"))).toEqual([]);
      expect(await t.store.messages.unreadCount(hash("conversation 1"))).toBe(0);
    });
  });
}
