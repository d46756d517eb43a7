import { describe, expect, it } from "vitest";
import { StoreClosedError, StoreConflictError, TransactionMisuseError } from "../../../src/errors/storeErrors.ts";
import { bob, bytes, hash, messageRecord, pendingRecord, sessionRecord } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function transactionConformance(factory: HarnessFactory): void {
  describe("transactions", () => {
    const t = useStores(factory);

    it("commits everything fn did through tx, and returns fn's value", async () => {
      await t.store.messages.put(messageRecord(0));
      const result = await t.store.transaction(async (tx) => {
        await tx.sessions.save(sessionRecord());
        await tx.pending.save(pendingRecord());
        await tx.messages.putMany([messageRecord(1), messageRecord(2)]);
        await tx.messages.delete("message-0");
        await tx.putIdentity(bob, bytes("bob"));
        expect(await tx.messages.get("message-1")).toEqual(messageRecord(1)); // reads its own writes
        expect(await tx.messages.get("message-0")).toBeNull();
        return "done";
      });
      expect(result).toBe("done");
      expect(await t.store.sessions.get(hash("conversation 1"))).toEqual(sessionRecord());
      expect(await t.store.pending.get("pending-1")).toEqual(pendingRecord());
      expect((await t.store.messages.list(hash("conversation 1"))).map((m) => m.id)).toEqual(["message-1", "message-2"]);
      expect(await t.store.loadIdentity(bob)).toEqual(bytes("bob"));
    });

    it("rolls everything back when fn throws, and rethrows the same error", async () => {
      await t.store.sessions.save(sessionRecord());
      await t.store.messages.put(messageRecord(0));
      await t.store.storeSentMessage("chat", "m", bytes("payload"));
      const failure = new Error("boom");
      const thrown = await t.store
        .transaction(async (tx) => {
          await tx.sessions.save(sessionRecord({ version: 2, state: bytes("advanced", 1500), inboundTopics: [hash("new topic")] }));
          await tx.messages.putMany([messageRecord(1), { ...messageRecord(0), status: "reorged" }]);
          await tx.messages.delete("message-0");
          expect(await tx.takeSentMessage("chat", "m")).toEqual(bytes("payload"));
          await tx.storePrekey(1, bytes("p1"), false);
          throw failure;
        })
        .catch((e: unknown) => e);
      expect(thrown).toBe(failure);
      expect(await t.store.sessions.get(hash("conversation 1"))).toEqual(sessionRecord());
      expect(await t.store.sessions.getByInboundTopic(hash("new topic"))).toBeNull();
      expect(await t.store.sessions.getByInboundTopic(hash("topic current"))).toEqual(sessionRecord());
      expect(await t.store.messages.get("message-0")).toEqual(messageRecord(0));
      expect(await t.store.messages.get("message-1")).toBeNull();
      expect(await t.store.takeSentMessage("chat", "m")).toEqual(bytes("payload"));
      expect(await t.store.getMaxPrekeyId()).toBe(0);
    });

    it("rolls back when a store operation inside fails (a version conflict)", async () => {
      await t.store.sessions.save(sessionRecord());
      await expect(
        t.store.transaction(async (tx) => {
          await tx.messages.put(messageRecord(1));
          await tx.sessions.save(sessionRecord()); // version 1 again: conflict
        }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await t.store.messages.get("message-1")).toBeNull();
    });

    it("makes outer calls wait until the transaction ends: they never see its intermediate state", async () => {
      const cursor = (block: bigint) => ({ key: "c", block, recentBlocks: [], updatedAt: 0 });
      await t.store.cursors.put(cursor(0n));
      let inside!: () => void;
      const started = new Promise<void>((resolve) => (inside = resolve));
      const running = t.store.transaction(async (tx) => {
        await tx.cursors.put(cursor(1n));
        inside();
        for (let i = 0; i < 30; i++) await tx.messages.put(messageRecord(i));
        await tx.cursors.put(cursor(2n));
      });
      await started;
      const [seen, messages] = await Promise.all([t.store.cursors.get("c"), t.store.messages.list(hash("conversation 1"))]);
      expect(seen?.block).toBe(2n);
      expect(messages).toHaveLength(30);
      await running;
    });

    it("runs concurrent takers inside one transaction one at a time", async () => {
      await t.store.storeSentMessage("chat", "m", bytes("payload"));
      const taken = await t.store.transaction((tx) => Promise.all(Array.from({ length: 10 }, () => tx.takeSentMessage("chat", "m"))));
      expect(taken.filter((p) => p !== null)).toHaveLength(1);
    });

    it("refuses a transaction-bound store after its transaction ended, and close() on it", async () => {
      let leaked!: Parameters<Parameters<typeof t.store.transaction>[0]>[0];
      await t.store.transaction(async (tx) => {
        leaked = tx;
        await expect(tx.close()).rejects.toBeInstanceOf(TransactionMisuseError);
      });
      await expect(leaked.messages.put(messageRecord(1))).rejects.toBeInstanceOf(TransactionMisuseError);
      await expect(leaked.getSession(bob)).rejects.toBeInstanceOf(TransactionMisuseError);
      expect(await t.store.messages.get("message-1")).toBeNull();
    });

    it("joins a nested transaction to the enclosing one (rolled back together)", async () => {
      await expect(
        t.store.transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.messages.put(messageRecord(1)));
          expect(await tx.messages.get("message-1")).not.toBeNull();
          throw new Error("outer fails");
        }),
      ).rejects.toThrow("outer fails");
      expect(await t.store.messages.get("message-1")).toBeNull();
    });

    it("never commits half when fn awaits something other than the store", async () => {
      const outcome = await t.store
        .transaction(async (tx) => {
          await tx.messages.put(messageRecord(1));
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.messages.put(messageRecord(2));
        })
        .then(
          () => "committed",
          (e: unknown) => e,
        );
      const stored = [await t.store.messages.get("message-1"), await t.store.messages.get("message-2")];
      if (outcome === "committed") expect(stored.every((m) => m !== null)).toBe(true);
      else {
        expect(outcome).toBeInstanceOf(TransactionMisuseError);
        expect(stored).toEqual([null, null]);
      }
    });
  });

  describe("lifecycle", () => {
    const t = useStores(factory);

    it("waits for a running transaction before closing, then refuses every call", async () => {
      const running = t.store.transaction(async (tx) => {
        for (let i = 0; i < 20; i++) await tx.messages.put(messageRecord(i));
      });
      await t.store.close();
      await running;
      await expect(t.store.messages.get("message-1")).rejects.toBeInstanceOf(StoreClosedError);
      await expect(t.store.transaction(async () => 1)).rejects.toBeInstanceOf(StoreClosedError);
      await expect(t.store.getMaxPrekeyId()).rejects.toBeInstanceOf(StoreClosedError);
      await t.store.close();
      const reopened = await t.open();
      expect(await reopened.messages.list(hash("conversation 1"))).toHaveLength(20);
    });

    it("refuses storage written by a newer schema", async () => {
      await t.store.close();
      await t.harness.makeSchemaTooNew();
      await expect(t.open()).rejects.toMatchObject({ name: "SchemaTooNewError", code: "STORE_SCHEMA_TOO_NEW" });
    });
  });
}
