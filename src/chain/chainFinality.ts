import { DEFAULT_FINALITY, FINALITY_BY_CHAIN, type FinalityRule } from "../constants.ts";

export type { FinalityRule };

/**
 * The confirmation depth and finality rule for a chain (see FINALITY_BY_CHAIN for the reasons), with the caller's
 * overrides. A depth below 1 is raised to 1, and finality is never shallower than confirmation.
 *
 * @example
 * chainFinality(8453) // { confirmations: 5, depth: 1800, tag: "finalized" }
 * chainFinality(31337, { confirmations: 2 }) // { confirmations: 2, depth: 3, tag: null }
 */
export function chainFinality(chainId: number, overrides: Partial<FinalityRule> = {}): FinalityRule {
  const base = FINALITY_BY_CHAIN[chainId] ?? DEFAULT_FINALITY;
  const confirmations = Math.max(1, Math.floor(overrides.confirmations ?? base.confirmations));
  const depth = Math.max(confirmations, Math.floor(overrides.depth ?? base.depth));
  return { confirmations, depth, tag: overrides.tag === undefined ? base.tag : overrides.tag };
}
