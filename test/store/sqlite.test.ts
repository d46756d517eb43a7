import { describe } from "vitest";
import { runConformanceSuite } from "./conformance/runConformanceSuite.ts";
import { createSqliteHarness } from "./sqliteHarness.ts";

describe("sqlite store", () => {
  runConformanceSuite(() => createSqliteHarness());
});
