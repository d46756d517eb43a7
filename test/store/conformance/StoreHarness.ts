import type { HushlogStore } from "../../../src/store/HushlogStore.ts";
import type { HushlogStoreOptions } from "../../../src/store/HushlogStoreOptions.ts";

/**
 * How the conformance suite drives one backend. Every `open` opens the SAME underlying storage (file, IndexedDB
 * database, memory data object), so closing a store and opening again is a reopen, and two open stores are two
 * connections (tabs, processes) to one database.
 */
export type StoreHarness = {
  open(options?: HushlogStoreOptions): Promise<HushlogStore>;
  /** Marks the storage, by hand and behind the store's back, as written by a newer schema version. */
  makeSchemaTooNew(): Promise<void>;
  /** Deletes the storage. Stores opened from the harness must be closed first. */
  cleanup(): Promise<void>;
};

export type HarnessFactory = () => Promise<StoreHarness>;
