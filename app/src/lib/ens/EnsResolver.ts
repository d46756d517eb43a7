import type { Address } from "viem";
import type { EnsProfile } from "./EnsProfile.ts";

/** ENS lookups with a cache: what the app's hooks use (one per app, in EnsResolverContext). */
export type EnsResolver = {
  /** The profile, from the cache while it is fresh, else looked up (concurrent lookups of one address share one). */
  lookup: (address: Address) => Promise<EnsProfile>;
  /** The fresh cached profile, if any, without a lookup: lets a remounted row render its name at once. */
  cached: (address: Address) => EnsProfile | undefined;
  /** Where lookups go, for the UI: "chain" (the chain in use has ENS) or "mainnet" (the configured mainnet RPC). */
  source: "chain" | "mainnet";
};
