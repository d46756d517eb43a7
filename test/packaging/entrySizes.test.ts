import { describe, expect, it } from "vitest";
import { bundleForBrowser, coreAndReactEntry } from "../fixtures/browserBundle.ts";

/**
 * Per-entry browser budgets, in the spirit of size-limit: each entry point bundled alone as an app ships it (Vite
 * production build, fully minified, gzip -9 per chunk; React, wagmi and TanStack Query are the app's), everything
 * it exports. Two numbers per entry: the initial load (the entry chunk and what it imports statically: what a
 * browser loads before the first call) and the lazy chunks (dynamic imports, loaded when their path first runs),
 * counted apart, never dropped. Bytes, not time, so a test can hold them. Each budget is the size measured when it
 * was set plus ~3%: growth past it needs a reason.
 *
 * The issue's goal for hushlog + hushlog/react is 120 kB (the bench's bundle.core.gzipKb goal). It was met at 111 kB
 * until protocol v2 (main 732b65c) verified EOA bindings locally (viem's secp256k1) and added the trust code:
 * 141.7 kB then; issue 21's delivery work (finality, tracking without a nonce, EIP-5792 call ids, re-encryption,
 * live steps in one query) brought it to 147.4; ecrecover through @noble/secp256k1 instead of viem's @noble/curves 1.x
 * copy took it back to 136.9; the content types (issue 19: codecs, admission, threads, the content API), devices
 * (issue 17) and metadata privacy (issue 18: sealed handshakes, decoys, cover messages) took it to 145.5. All those
 * figures are of Vite's library mode in one file, which keeps whitespace and a path comment per module (it leaves
 * minifying to the app's bundler) and inlines every dynamic import: 145.5 there was 128.5 kB fully minified, 122.2
 * initial + 3.2 lazy (@noble/secp256k1) split as an app splits it. Then (wave 3, the bundle diet) a smart account's
 * ERC-1271/6492 check (2.6 kB) and noble's X25519/Ed25519 (9.0 kB, run only where WebCrypto lacks the curves) were
 * put behind import(): 110.8 kB initial + 14.8 lazy; 129.3 all in one file (bench: bundle.core.oneFile.gzipKb).
 * Then devices (sending keys, useDevices; viem's transaction serializer behind import(), loaded once a key holds
 * funds), history transfer's send refusal and app-state sync took the initial load to 120.95 kB: the goal is missed
 * by 0.95 kB. Loading app-state sync's engine lazily would meet it (119.2) but split the app's bundle into more
 * chunks, 4.2 kB more in all, past the app's own 250 kB goal (appBundle.test.ts), so it was not done. Instead (wave 4):
 * the log decoder finds its events without viem's getAbiItem (now only in the smart-account check's chunk, -0.70),
 * node:crypto's curves moved behind an import() that only Node takes (-0.28), useNicknames calls the client's
 * nickname reader and writer instead of a copy of them (-0.26), and the generated ABI lost Solidity's `internalType`
 * (-0.08): 119.62 kB initial + 25.50 lazy, and 145.29 all in one file (145.47 before: the code shrank, not only moved).
 * The event selectors generated with the ABI (viem's ABI formatter only in the lazy smart-account check, -0.29) made
 * room for useMutedAccounts and useAppStateSync (+0.20): 119.53 + 26.11; the sync pass's request reuse: 119.65. The
 * goal is now the budget. Built with NODE_ENV=production (productionBuild), as a dapp's build runs.
 */
const budgetsKb: Record<string, { initial: number; lazy: number }> = {
  hushlog: { initial: 109.5, lazy: 17.6 }, // 106.3 + 17.1
  "hushlog/react": { initial: 111.6, lazy: 26.9 }, // 108.4 + 26.1
  "hushlog/dexie": { initial: 56.1, lazy: 0 }, // 54.5 (52.9 before blind indexes)
  // 2.9 kB until the canonical deployment (main cc4a510..f0262ed) brought viem's deploy and CREATE2 actions here.
  "hushlog/deploy": { initial: 41, lazy: 13.6 }, // 39.7 + 13.2
  "hushlog/backup": { initial: 9.3, lazy: 4.9 }, // 9.0 + 4.7 (Argon2id)
  // History transfer between own devices (issue 17): its own entry, so the core carries only the send refusal.
  "hushlog/history": { initial: 22.5, lazy: 10.6 }, // 21.8 + 10.3
};
/** The goal for the initial load (the bench's bundle.core.gzipKb), met (119.65 kB): it is the budget. */
const coreAndReactGoalKb = 120;
const coreAndReactBudgetKb = { initial: coreAndReactGoalKb, lazy: 26.9 }; // 119.65 + 26.11

describe("browser bundle budget of each entry point (gzip)", () => {
  it.each(Object.entries(budgetsKb))("%s: initial and lazy within %o kB", async (entry, budget) => {
    const bundle = await bundleForBrowser(`export * from "${entry}";\n`);
    expect(bundle.nodeOnly).toEqual([]);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(budget.initial);
    expect(bundle.lazy.gzipBytes / 1024).toBeLessThanOrEqual(budget.lazy);
  });

  const { initial, lazy } = coreAndReactBudgetKb;
  it(`hushlog + hushlog/react together: initial <= ${initial} kB (the issue's goal), lazy <= ${lazy}`, async () => {
    const bundle = await bundleForBrowser(coreAndReactEntry);
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(coreAndReactBudgetKb.initial);
    expect(bundle.lazy.gzipBytes / 1024).toBeLessThanOrEqual(coreAndReactBudgetKb.lazy);
  });
});
