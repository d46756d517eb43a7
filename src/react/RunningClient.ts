import type { QueryClient } from "@tanstack/react-query";
import type { HushlogClient } from "../client/HushlogClient.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { bridgeClientEvents, markSyncStarting } from "./bridgeClientEvents.ts";
import { createTabCoordinator, type TabCoordinator } from "./createTabCoordinator.ts";
import type { HushlogConfig } from "./HushlogControllerTypes.ts";
import type { HushlogScope } from "./queryKeys.ts";

export type RunningClientParameters = {
  /** What the client was built from (account, deployment, wagmi clients): a new key means a new client. */
  key: string;
  scope: HushlogScope;
  client: HushlogClient;
  queryClient: QueryClient;
  coordinateTabs: HushlogConfig["coordinateTabs"];
  /** The previous client's close: this one's watch loop starts after it, so two loops never share a store. */
  after: Promise<void>;
  /** Asked again when the loop could finally start: false once the provider moved on (unmounted, another client). */
  wanted: () => boolean;
  /** Called when the client's own binding may have changed (it adopted or published one): the snapshot shows it. */
  bindingChanged: () => void;
};

/**
 * The one client `<HushlogProvider>` runs: its events bridged to the query cache, its watch loop (led by one tab
 * with `coordinateTabs`) started only once the previous client has closed, and its close ordered after that one.
 */
export class RunningClient {
  readonly key: string;
  readonly scope: HushlogScope;
  readonly client: HushlogClient;
  private readonly queryClient: QueryClient;
  private readonly tabs: TabCoordinator | undefined;
  private readonly unbridge: () => void;
  private readonly unwatchBinding: () => void;
  private readonly after: Promise<void>;
  private readonly wanted: () => boolean;
  private stopWatch: (() => void) | undefined;
  private watchQueued = false;

  constructor({ key, scope, client, queryClient, coordinateTabs, after, wanted, bindingChanged }: RunningClientParameters) {
    this.key = key;
    this.scope = scope;
    this.client = client;
    this.queryClient = queryClient;
    this.after = after;
    this.wanted = wanted;
    this.tabs = coordinateTabs ? createTabCoordinator(scope, coordinateTabs === true ? undefined : coordinateTabs) : undefined;
    this.unbridge = bridgeClientEvents(client, scope, queryClient, this.tabs);
    this.unwatchBinding = client.on("binding", (event) => {
      if (event.type === "current") bindingChanged();
    });
  }

  /** The binding the client publishes and sends: the one it started with, or a newer one it adopted or was given. */
  get binding(): KeyBinding {
    return this.client.binding();
  }

  /** Starts the watch loop when `active` (after the previous client has closed); stops it when not. Idempotent. */
  setWatching(active: boolean, pollingInterval: number | undefined): void {
    if (!active) {
      this.stopWatch?.();
      this.stopWatch = undefined;
      return;
    }
    if (this.stopWatch || this.watchQueued) return;
    this.watchQueued = true;
    void this.after.then(() => {
      this.watchQueued = false;
      if (!this.wanted() || this.stopWatch) return;
      markSyncStarting(this.queryClient, this.scope);
      const start = () => this.client.watch(pollingInterval === undefined ? {} : { pollingInterval });
      this.stopWatch = this.tabs ? this.tabs.lead(start) : start();
    });
  }

  /** Stops the loop and the bridge now; closes the client after the previous one. Never rejects. */
  close(): Promise<void> {
    this.stopWatch?.();
    this.stopWatch = undefined;
    this.unbridge();
    this.unwatchBinding();
    this.tabs?.close();
    return this.after.then(() => this.client.close()).catch(() => {});
  }
}
