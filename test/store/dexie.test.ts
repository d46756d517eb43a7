import { describe } from "vitest";
import { runConformanceSuite } from "./conformance/runConformanceSuite.ts";
import { createDexieHarness } from "./dexieHarness.ts";

describe("dexie store", () => {
  runConformanceSuite(() => createDexieHarness());
});
