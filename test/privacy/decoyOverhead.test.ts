import { pad, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { accountsChecked, seenFilters } from "./observerViews.ts";
import { runPrivacyScript, type PrivacyRun } from "./privacyRun.ts";

/** What the RPC gets told, summed over every user of a run. */
function footprint(run: PrivacyRun) {
  const users = [...run.users.values()];
  const smart = users.filter((u) => u.smartAccount).map((u) => u.account);
  const count = (method: string) => users.reduce((n, u) => n + u.rpc.filter((r) => r.method === method).length, 0);
  // Look-ups of someone else's records (one's own tell the RPC nothing new).
  const lookups = users.flatMap((u) => {
    const own = new Set([u.account, u.signer].map((a) => pad(a.toLowerCase() as Hex, { size: 32 })));
    return seenFilters(u.rpc).filter((f) => (f.event === "Prekeys" || f.event === "Binding") && f.tags !== null && !f.tags.every((t) => own.has(t)));
  });
  return {
    requests: users.reduce((n, u) => n + u.rpc.length, 0),
    getLogs: count("eth_getLogs"),
    calls: count("eth_call") + count("eth_getCode"),
    smallestLookup: Math.min(...lookups.map((f) => f.tags!.length)),
    daveChecked: accountsChecked(run.user("dave").rpc, smart.filter((a) => a !== run.user("dave").account)).size,
  };
}

/**
 * Decoys' cost and effect (issue 18, reported in docs/benchmarks.md): the same scripted run with decoys off and with
 * the default 4. Counts, not times: the machine's speed does not enter.
 */
describe("look-up decoys: what they hide and what they cost", () => {
  it("without decoys the RPC sees single-account look-ups and dave's lone check of sam; with 4, neither, for a few more requests", async () => {
    const off = footprint(await runPrivacyScript({ client: { lookupDecoys: 0 } }));
    const on = footprint(await runPrivacyScript());
    console.log("decoy overhead (lookupDecoys 0 -> 4):", JSON.stringify({ off, on }));
    expect(off.smallestLookup).toBe(1);
    expect(off.daveChecked).toBe(1);
    expect(on.smallestLookup).toBe(5);
    expect(on.daveChecked).toBe(4);
    // Look-ups stay one request per window (the decoys ride in the same OR-lists); a catch-up step reads its last
    // window unfiltered once for fresh decoy topics.
    expect(on.getLogs).toBeLessThanOrEqual(off.getLogs * 1.1);
    // Binding checks: at most 5 per real one.
    expect(on.calls).toBeGreaterThan(off.calls);
    expect(on.calls).toBeLessThanOrEqual(off.calls * 5);
  }, 600_000);
});
