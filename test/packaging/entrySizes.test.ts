import { describe, expect, it } from "vitest";
import { bundleForBrowser, coreAndReactEntry } from "../fixtures/browserBundle.ts";

/**
 * Per-entry browser budgets, in the spirit of size-limit: each entry point bundled alone (Vite production build,
 * minified, gzip -9; React, wagmi and TanStack Query are the app's), everything it exports. Bytes, not time, so
 * a test can hold them. Measured when set (2026-12): hushlog 105.5, hushlog/react 102.1, hushlog/dexie 60.9,
 * hushlog/deploy 2.7, hushlog/backup 14.4, hushlog + hushlog/react 111 kB. Raise a budget only with a reason.
 */
const budgetsKb: Record<string, number> = {
  hushlog: 110,
  "hushlog/react": 110,
  "hushlog/dexie": 65,
  "hushlog/deploy": 4,
  "hushlog/backup": 16,
};

describe("browser bundle budget of each entry point (gzip)", () => {
  it.each(Object.entries(budgetsKb))("%s <= %d kB", async (entry, budget) => {
    const bundle = await bundleForBrowser(`export * from "${entry}";\n`);
    expect(bundle.nodeOnly).toEqual([]);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(budget);
  });

  it("hushlog + hushlog/react together <= 120 kB (the issue's core budget)", async () => {
    const bundle = await bundleForBrowser(coreAndReactEntry);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(120);
  });
});
