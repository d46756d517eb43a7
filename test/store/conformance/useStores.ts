import { afterEach, beforeEach } from "vitest";
import type { HushlogStore } from "../../../src/store/HushlogStore.ts";
import type { HushlogStoreOptions } from "../../../src/store/HushlogStoreOptions.ts";
import type { HarnessFactory, StoreHarness } from "./StoreHarness.ts";

export type StoreContext = {
  harness: StoreHarness;
  /** A store on the harness's storage, account "default", with the test clock. */
  store: HushlogStore;
  /** Opens another store (connection) on the same storage; closed after the test. */
  open(options?: HushlogStoreOptions): Promise<HushlogStore>;
  /** The clock every store of the test reads (ms); tests move it. */
  clock: { now: number };
};

/** Fresh storage for every test; every store opened in it is closed and the storage deleted afterwards. */
export function useStores(factory: HarnessFactory): StoreContext {
  const context = {} as StoreContext;
  const opened: HushlogStore[] = [];
  beforeEach(async () => {
    context.clock = { now: 1_700_000_000_000 };
    context.harness = await factory();
    context.open = async (options) => {
      const store = await context.harness.open({ clock: () => context.clock.now, ...options });
      opened.push(store);
      return store;
    };
    context.store = await context.open();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await context.harness.cleanup();
  });
  return context;
}
