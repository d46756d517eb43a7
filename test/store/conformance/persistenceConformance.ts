import { describe, expect, it } from "vitest";
import { expectEveryRecord, expectNoRecord, writeEveryRecord } from "./everyRecord.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function persistenceConformance(factory: HarnessFactory): void {
  describe("persistence and accounts", () => {
    const t = useStores(factory);

    it("keeps every record across close and reopen", async () => {
      await writeEveryRecord(t.store, "kept");
      await t.store.snapshot("s");
      await t.store.close();
      const reopened = await t.open();
      await expectEveryRecord(reopened, "kept");
      expect((await reopened.listSnapshots()).map((s) => s.name)).toEqual(["s"]);
    });

    it("isolates accounts sharing one database completely", async () => {
      const other = await t.open({ account: "0x00000000000000000000000000000000000000b0" });
      await writeEveryRecord(t.store, "first");
      await expectNoRecord(other);
      await writeEveryRecord(other, "second");
      // Expiry and batch deletions in one account must not reach the other.
      expect(await other.deleteExpiredMsgSecrets(100)).toBe(1);
      expect(await other.deleteExpiredContactTokens(100)).toBe(1);
      expect(await other.pendingHandshakes.deleteExpired(100)).toBe(1);
      await other.deleteSession("0x" + "0".repeat(40));
      await other.clearSenderKeyDevices("group");
      await other.cache.clear("ns");
      await expectEveryRecord(t.store, "first");
      // Both accounts reading the same key get their own value.
      expect(await other.getSession((await other.sessions.list())[0]!.peer)).not.toEqual(await t.store.getSession((await t.store.sessions.list())[0]!.peer));
    });
  });
}
