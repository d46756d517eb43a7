import type { AppStateSync } from "./AppStateSync.ts";

/** What the client calls on app-state sync. */
export type AppStateSyncCalls = Pick<AppStateSync, "sync" | "push" | "status" | "recordRead">;

/**
 * App-state sync behind `import()`: its code (patches, LtHash, key shares, about 6 kB gzip) loads with the first sync
 * pass, push, status or read marker, not with the page, so a browser's first load stays within its budget
 * (test/packaging/entrySizes.test.ts counts it among the lazy chunks). One instance, made on first use.
 *
 * @example
 * const appSync = createLazyAppStateSync(() => import("./AppStateSync.ts").then(({ AppStateSync }) => new AppStateSync(ctx, pending, hooks)));
 * await appSync.sync(toBlock, signal);
 */
export function createLazyAppStateSync(load: () => Promise<AppStateSync>): AppStateSyncCalls {
  let loaded: Promise<AppStateSync> | null = null;
  // A failed load (a chunk the network lost) is tried again by the next call, not remembered.
  const instance = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    }));
  return {
    sync: async (syncedTo, signal) => (await instance()).sync(syncedTo, signal),
    push: async () => (await instance()).push(),
    status: async () => (await instance()).status(),
    recordRead: async (conversationId) => (await instance()).recordRead(conversationId),
  };
}
