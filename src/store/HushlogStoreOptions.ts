import type { RandomSource } from "../crypto/random.ts";

/** Options every backend factory accepts. */
export type HushlogStoreOptions = {
  /** The logical account this store instance sees; accounts sharing one database are fully isolated. */
  account?: string;
  /** Milliseconds since the epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number;
  /** Randomness for nonces and ids; injectable for tests. Default: the platform CSPRNG. */
  random?: RandomSource;
  /** Told about cache failures, which the cache otherwise swallows. Receives the error, never a value. */
  onCacheError?: (error: unknown) => void;
};
