import { defineConfig } from "vitest/config";
import { sourceAliases } from "./scripts/sourceAliases.ts";

export default defineConfig({
  // `hushlog/...` imports (the examples, the app) run the sources, like every relative import in the tests.
  resolve: { alias: sourceAliases() },
  test: {
    globalSetup: ["./test/globalSetup.ts"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report is what .ci/run counts to print its `N passed, N failed` line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
