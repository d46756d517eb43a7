import type { CacheStore } from "../CacheStore.ts";

/**
 * A cache whose failures never reach the caller: a failed read is a miss, a failed write or count is skipped.
 * `onError` (if given) is told about each failure; it receives the error only, never a cached value.
 */
export function createBestEffortCache(inner: CacheStore, onError?: (error: unknown) => void): CacheStore {
  const attempt = async <T>(operation: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      try {
        onError?.(error);
      } catch {
        // A failing observer must not turn a swallowed cache failure into a thrown one.
      }
      return fallback;
    }
  };
  return {
    get: (namespace, key) => attempt(() => inner.get(namespace, key), null),
    set: (namespace, key, value, ttlMs) => attempt(() => inner.set(namespace, key, value, ttlMs), undefined),
    delete: (namespace, key) => attempt(() => inner.delete(namespace, key), undefined),
    clear: (namespace) => attempt(() => inner.clear(namespace), undefined),
    entryCount: (namespace) => attempt(() => inner.entryCount(namespace), 0),
  };
}
