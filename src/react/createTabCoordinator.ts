import type { Hex } from "viem";
import type { HushlogScope } from "./queryKeys.ts";
import type { HushlogSyncStatus } from "./syncStatus.ts";

/** The browser APIs tab coordination needs (pass Node's `node:worker_threads` ones in tests). */
export type TabCoordinationApis = {
  locks: Pick<LockManager, "request">;
  BroadcastChannel: new (name: string) => Pick<BroadcastChannel, "postMessage" | "close" | "addEventListener" | "removeEventListener">;
};

/** What one tab tells the others: which queries its client changed, or (the syncing tab) where sync stands. */
export type TabNotice =
  | { type: "touch"; what: readonly TabTouch[]; conversationIds: readonly Hex[] }
  | { type: "sync"; status: Omit<HushlogSyncStatus, "error"> & { error: string | null } };

export type TabTouch = "conversations" | "requests" | "pending" | "groups";

export type TabCoordinator = {
  /**
   * Runs `start` once this tab holds the scope's lock (at once when no other tab holds it), and keeps the lock until
   * the returned function is called, which also calls the function `start` returned.
   */
  lead(start: () => () => void): () => void;
  post(notice: TabNotice): void;
  /** Notices posted by the other tabs of the scope. */
  listen(handler: (notice: TabNotice) => void): () => void;
  close(): void;
};

/**
 * Several tabs of one browser showing the same account share its store, and the chain needs reading only once:
 * the tab that holds a Web Lock named after the scope runs the watch loop; when it closes (or locks, or switches
 * account) the lock passes to another tab, which starts watching. Every tab relays what its client changed (a
 * message it sent, a status the syncing tab saw move) over a BroadcastChannel of the same name, and the other tabs
 * refetch those queries from the store. Returns undefined where the APIs are missing (then every tab watches, which
 * the store's conflict checks also make safe, only wasteful).
 */
export function createTabCoordinator(scope: HushlogScope, apis: TabCoordinationApis | undefined = browserApis()): TabCoordinator | undefined {
  if (!apis) return undefined;
  const name = `hushlog:${scope.chainId}:${scope.contract.toLowerCase()}:${scope.account.toLowerCase()}`;
  const channel = new apis.BroadcastChannel(name);
  const stops = new Set<() => void>();
  let closed = false;

  return {
    lead(start) {
      const abort = new AbortController();
      let stop: (() => void) | undefined;
      let release: (() => void) | undefined;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stops.delete(end);
        abort.abort();
        stop?.();
        release?.();
      };
      stops.add(end);
      apis.locks
        .request(`${name}:watch`, { signal: abort.signal }, () => {
          if (ended) return undefined;
          stop = start();
          return new Promise<void>((resolve) => (release = resolve));
        })
        // Aborted before it was granted: this tab stopped wanting to lead.
        .catch(() => {});
      return end;
    },
    post(notice) {
      if (!closed) channel.postMessage(notice);
    },
    listen(handler) {
      const onMessage = (event: Event) => handler((event as MessageEvent<TabNotice>).data);
      channel.addEventListener("message", onMessage);
      return () => channel.removeEventListener("message", onMessage);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const end of [...stops]) end();
      channel.close();
    },
  };
}

function browserApis(): TabCoordinationApis | undefined {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const Channel = globalThis.BroadcastChannel;
  return locks && Channel ? { locks, BroadcastChannel: Channel } : undefined;
}
