import { defineConfig } from "vitest/config";
import { sourceAliases } from "./scripts/sourceAliases.ts";

const include = ["src/**/*.test.ts", "test/**/*.test.ts", "test/**/*.test.tsx"];

/**
 * Files that keep a fresh module graph each (Vitest's default isolation): the ones that spawn processes (the CLI,
 * the packed package, the browser), whose time is the children's and whose harness changes the file's config
 * (vi.setConfig), and the one that replaces a module of the library with a counting mock (vi.mock), which must
 * neither miss a module another file already loaded nor leak into the next file.
 */
const isolated = ["test/cli/**/*.test.ts", "test/e2e/**/*.test.ts", "test/packaging/**/*.test.ts", "test/ratchet/junkCost.test.ts"];

export default defineConfig({
  // `hushlog/...` imports (the examples, the app) run the sources, like every relative import in the tests.
  resolve: { alias: sourceAliases() },
  test: {
    globalSetup: ["./test/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default on a 2-core machine is ONE worker (cores - 1), and most of this suite's time is spent
    // waiting on other processes (CLI commands, JSON-RPC nodes, npm, Chromium): two files at once keep both cores busy.
    maxWorkers: 2,
    // The JSON report is what .ci/run counts to print its `N passed, N failed` line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        // Everything else shares one module graph per worker: viem, Hardhat's in-process chain, React and the
        // library load once per worker instead of once per file. Measured (test/group, devices, identity, prekeys,
        // handshake, chain: 32 files): 54.1 s -> 30.9 s CPU; test/react + test/app: 37.4 s -> 13.4 s.
        extends: true,
        test: { name: "shared", include, exclude: ["node_modules/**", ...isolated], isolate: false },
      },
      { extends: true, test: { name: "isolated", include: isolated } },
    ],
  },
});
