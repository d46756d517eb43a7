import { describe, expect, it } from "vitest";
import { chainFinality } from "../../src/chain/chainFinality.ts";

describe("chainFinality: one default per chain for the library and the CLI", () => {
  it("known chains, unknown chains, and overrides", () => {
    expect(chainFinality(31337)).toEqual({ confirmations: 1, depth: 3, tag: null });
    expect(chainFinality(1)).toEqual({ confirmations: 3, depth: 96, tag: "finalized" });
    expect(chainFinality(8453).tag).toBe("finalized");
    expect(chainFinality(999_999)).toEqual({ confirmations: 3, depth: 128, tag: "finalized" });
    expect(chainFinality(31337, { confirmations: 5 })).toEqual({ confirmations: 5, depth: 5, tag: null });
    expect(chainFinality(1, { confirmations: 0, tag: null, depth: 10 })).toEqual({ confirmations: 1, depth: 10, tag: null });
  });
});
