/**
 * A namespaced byte cache for data that can always be recomputed (group metadata, device lists...).
 * Implementations may throw; `HushlogStore.cache` wraps one so that failures never reach the caller: a failed
 * read is a miss, a failed write is skipped.
 */
export interface CacheStore {
  get(namespace: string, key: string): Promise<Uint8Array | null>;
  /** `ttlMs` omitted: kept until deleted. */
  set(namespace: string, key: string, value: Uint8Array, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  /** Deletes every key of `namespace`. */
  clear(namespace: string): Promise<void>;
  /** Unexpired entries in `namespace` (diagnostics). */
  entryCount(namespace: string): Promise<number>;
}
