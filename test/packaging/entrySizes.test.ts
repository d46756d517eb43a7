import { describe, expect, it } from "vitest";
import { bundleForBrowser, coreAndReactEntry } from "../fixtures/browserBundle.ts";

/**
 * Per-entry browser budgets, in the spirit of size-limit: each entry point bundled alone (Vite production build,
 * minified, gzip -9; React, wagmi and TanStack Query are the app's), everything it exports. Bytes, not time, so a
 * test can hold them. Each budget is the size measured when it was set plus ~3%: growth past it needs a reason.
 *
 * The issue's goal for hushlog + hushlog/react is 120 kB (the bench's bundle.core.gzipKb goal). It was met at 111 kB
 * until protocol v2 (main 732b65c) verified EOA bindings locally (viem's secp256k1) and added the trust code:
 * 141.7 kB then; issue 21's delivery work (finality, tracking without a nonce, EIP-5792 call ids, re-encryption,
 * live steps in one query) brought it to 147.4; ecrecover through @noble/secp256k1 instead of viem's @noble/curves 1.x
 * copy took it back to 136.9; the content types (issue 19: codecs, admission, threads, the content API), devices
 * (issue 17) and metadata privacy (issue 18: sealed handshakes, decoys, cover messages) took it to 145.5. The budgets
 * below hold today's sizes; the bench reports the 120 kB goal as missed.
 */
const budgetsKb: Record<string, number> = {
  // App-state sync (issue 17: key shares, patches, LtHash, the client side) added 6.1 kB to each (from 135.6 / 133.2).
  hushlog: 144, // 141.7
  "hushlog/react": 141.5, // 139.3
  "hushlog/dexie": 63, // 61.0
  // 2.9 kB until the canonical deployment (main cc4a510..f0262ed) brought viem's deploy and CREATE2 actions here.
  "hushlog/deploy": 65.5, // 63.4
  "hushlog/backup": 15, // 14.5
};
const coreAndReactBudgetKb = 154.5; // 151.7 with app-state sync (issue 17)

describe("browser bundle budget of each entry point (gzip)", () => {
  it.each(Object.entries(budgetsKb))("%s <= %d kB", async (entry, budget) => {
    const bundle = await bundleForBrowser(`export * from "${entry}";\n`);
    expect(bundle.nodeOnly).toEqual([]);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(budget);
  });

  it(`hushlog + hushlog/react together <= ${coreAndReactBudgetKb} kB`, async () => {
    const bundle = await bundleForBrowser(coreAndReactEntry);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(coreAndReactBudgetKb);
  });
});
