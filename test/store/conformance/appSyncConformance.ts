import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { bytes } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function appSyncConformance(factory: HarnessFactory): void {
  describe("app-state sync", () => {
    const t = useStores(factory);
    const key = (label: string, timestamp: number) => ({ keyData: bytes(`${label} data`), fingerprint: bytes(`${label} fp`, 8), timestamp });

    it("stores sync keys and names the latest (highest timestamp, later set on a tie)", async () => {
      expect(await t.store.getLatestSyncKeyId()).toBeNull();
      await t.store.setSyncKey(bytes("id a", 6), key("a", 100));
      await t.store.setSyncKey(bytes("id b", 6), key("b", 300));
      await t.store.setSyncKey(bytes("id c", 6), key("c", 200));
      expect(await t.store.getSyncKey(bytes("id b", 6))).toEqual(key("b", 300));
      expect(await t.store.getSyncKey(bytes("id z", 6))).toBeNull();
      expect(await t.store.getLatestSyncKeyId()).toEqual(bytes("id b", 6));
      await t.store.setSyncKey(bytes("id d", 6), key("d", 300));
      expect(await t.store.getLatestSyncKeyId()).toEqual(bytes("id d", 6));
      await t.store.setSyncKey(bytes("id b", 6), key("b", 300));
      expect(await t.store.getLatestSyncKeyId()).toEqual(bytes("id b", 6));
    });

    it("tracks a version per collection, zero for an unknown one", async () => {
      expect(await t.store.getVersion("regular")).toEqual({ version: 0, hash: new Uint8Array(0) });
      await t.store.setVersion("regular", { version: 3, hash: bytes("lthash", 128) });
      await t.store.setVersion("critical", { version: 1, hash: bytes("other", 128) });
      expect(await t.store.getVersion("regular")).toEqual({ version: 3, hash: bytes("lthash", 128) });
      expect((await t.store.getVersion("critical")).version).toBe(1);
    });

    it("puts, gets, batch-gets (across query chunks) and deletes mutation MACs per collection", async () => {
      const mutations = Array.from({ length: 1100 }, (_, i) => ({ indexMac: bytes(`index ${i}`), valueMac: bytes(`value ${i}`) }));
      await t.store.putMutationMacs("regular", 4, mutations);
      await t.store.putMutationMacs("critical", 4, [{ indexMac: bytes("index 0"), valueMac: bytes("critical value") }]);
      expect(await t.store.getMutationMac("regular", bytes("index 7"))).toEqual(bytes("value 7"));
      expect(await t.store.getMutationMac("critical", bytes("index 0"))).toEqual(bytes("critical value"));
      expect(await t.store.getMutationMac("regular", bytes("missing"))).toBeNull();

      const asked = [...mutations.map((m) => m.indexMac), bytes("missing")];
      const found = await t.store.getMutationMacs("regular", asked);
      expect(found.size).toBe(1100);
      expect(found.get(bytesToHex(bytes("index 1099")))).toEqual(bytes("value 1099"));
      expect(found.has(bytesToHex(bytes("missing")))).toBe(false);

      await t.store.putMutationMacs("regular", 5, [{ indexMac: bytes("index 7"), valueMac: bytes("value 7 v5") }]);
      expect(await t.store.getMutationMac("regular", bytes("index 7"))).toEqual(bytes("value 7 v5"));
      await t.store.deleteMutationMacs("regular", mutations.slice(0, 600).map((m) => m.indexMac));
      expect((await t.store.getMutationMacs("regular", asked)).size).toBe(500);
      expect(await t.store.getMutationMac("critical", bytes("index 0"))).toEqual(bytes("critical value"));
    });
  });
}
