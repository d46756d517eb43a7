import { InvalidStoreInputError } from "../../errors/storeErrors.ts";
import type { CacheStore } from "../CacheStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { compositeKey, normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type CacheEntry = { namespace: string; value: Uint8Array; expiresAt: number | null };

const cache = recordTable<CacheEntry>("cache", (e) => ({ namespace: normalizeId(e.namespace), expiresAt: e.expiresAt }));

/** The cache table itself; failures propagate (see `createBestEffortCache` for what callers get). */
export function createCacheStore({ run, now }: FaceContext): CacheStore {
  return {
    get: (namespace, key) =>
      run("r", async (tx) => {
        const entry = await cache.get(tx, compositeKey(namespace, key));
        return entry && (entry.expiresAt === null || entry.expiresAt > now()) ? entry.value : null;
      }),
    set: (namespace, key, value, ttlMs) =>
      run("rw", (tx) => {
        if (ttlMs !== undefined && !(ttlMs > 0 && Number.isFinite(ttlMs))) throw new InvalidStoreInputError("cache TTL must be a positive number of milliseconds");
        return cache.put(tx, compositeKey(namespace, key), { namespace, value, expiresAt: ttlMs === undefined ? null : now() + ttlMs });
      }),
    delete: (namespace, key) => run("rw", async (tx) => void (await cache.delete(tx, [compositeKey(namespace, key)]))),
    clear: (namespace) => run("rw", async (tx) => void (await cache.deleteWhere(tx, { index: "namespace", equals: normalizeId(namespace) }))),
    // Counting is the moment to drop expired entries of every namespace, so the table cannot grow without bound.
    entryCount: (namespace) =>
      run("rw", async (tx) => {
        await cache.deleteWhere(tx, { index: "expiresAt", upper: now() });
        return cache.count(tx, { index: "namespace", equals: normalizeId(namespace) });
      }),
  };
}
