import type { Hex } from "viem";
import type { BindingEvent, KeyChangeEvent } from "../client/ClientEvents.ts";
import type { HushlogScope } from "./queryKeys.ts";
import type { HushlogSyncStatus } from "./syncStatus.ts";

/** The browser APIs tab coordination needs (pass Node's `node:worker_threads` ones in tests). */
export type TabCoordinationApis = {
  locks: Pick<LockManager, "request">;
  BroadcastChannel: new (name: string) => Pick<BroadcastChannel, "postMessage" | "close" | "addEventListener" | "removeEventListener">;
  /**
   * This tab's document. With it, the tab the person looks at reads the chain: a tab that becomes visible takes the
   * lock over, because browsers throttle a hidden tab's timers (Chrome down to one wake-up a minute), which would
   * delay every tab's news. Without it, the first tab leads until it closes.
   */
  document?: Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;
};

/**
 * What one tab tells the others: which queries its client changed, or (the syncing tab) where sync stands and what
 * the chain said of bindings and identity keys (public facts; BroadcastChannel's structured clone carries bigints).
 */
export type TabNotice =
  | { type: "touch"; what: readonly TabTouch[]; conversationIds: readonly Hex[] }
  | { type: "sync"; status: Omit<HushlogSyncStatus, "error"> & { error: string | null } }
  | { type: "binding"; event: BindingEvent }
  | { type: "keyChange"; event: KeyChangeEvent };

export type TabTouch = "conversations" | "requests" | "pending" | "groups" | "safetyNumbers" | "settings";

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
 * account) the lock passes to another tab, which starts watching, and a tab that becomes visible steals it (the
 * previous holder stops and queues again). Every tab relays what its client changed (a message it sent, a status
 * the syncing tab saw move) over a BroadcastChannel of the same name, and the other tabs refetch those queries from
 * the store. Returns undefined where the APIs are missing (then every tab watches, which the store's conflict
 * checks also make safe, only wasteful). Two loops may overlap for one pass while the lock moves: safe the same way.
 */
export function createTabCoordinator(scope: HushlogScope, apis: TabCoordinationApis | undefined = browserApis()): TabCoordinator | undefined {
  if (!apis) return undefined;
  const name = `hushlog:${scope.chainId}:${scope.contract.toLowerCase()}:${scope.account.toLowerCase()}`;
  const channel = new apis.BroadcastChannel(name);
  const stops = new Set<() => void>();
  let closed = false;

  return {
    lead(start) {
      const doc = apis.document;
      let request: AbortController | undefined;
      let stop: (() => void) | undefined;
      let release: (() => void) | undefined;
      let ended = false;
      const letGo = () => {
        stop?.();
        release?.();
        stop = release = undefined;
      };
      const acquire = (steal: boolean) => {
        // A queued request of ours would be granted after the steal: drop it first.
        request?.abort();
        const current = new AbortController();
        request = current;
        apis.locks
          .request(`${name}:watch`, steal ? { steal: true } : { signal: current.signal }, () => {
            if (ended || request !== current) return undefined;
            stop = start();
            return new Promise<void>((resolve) => (release = resolve));
          })
          .catch(() => {
            // Aborted while queued (ours, ignored), or stolen while held by a tab that became visible: stop
            // reading and queue again behind it.
            if (request !== current || ended || !stop) return;
            letGo();
            acquire(false);
          });
      };
      const onVisibility = () => {
        if (!ended && !stop && doc?.visibilityState === "visible") acquire(true);
      };
      const end = () => {
        if (ended) return;
        ended = true;
        stops.delete(end);
        doc?.removeEventListener("visibilitychange", onVisibility);
        request?.abort();
        letGo();
      };
      stops.add(end);
      doc?.addEventListener("visibilitychange", onVisibility);
      acquire(doc?.visibilityState === "visible");
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
  return locks && Channel ? { locks, BroadcastChannel: Channel, document: globalThis.document } : undefined;
}
