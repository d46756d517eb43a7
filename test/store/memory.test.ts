import { describe } from "vitest";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { runConformanceSuite } from "./conformance/runConformanceSuite.ts";

describe("memory store", () => {
  runConformanceSuite(async () => {
    // One data object per test: "reopening" a memory store means a new store over the same data.
    const data = createMemoryStoreData();
    return {
      open: (options) => createMemoryStore({ ...options, data }),
      makeSchemaTooNew: async () => {
        data.schemaVersion += 1;
      },
      cleanup: async () => data.tables.clear(),
    };
  });
});
