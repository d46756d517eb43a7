// `hushlog/dexie`: the encrypted IndexedDB store (browsers; nothing Node-only is reachable from here).
export { createDexieStore, type DexieStoreOptions } from "./store/backends/dexie/createDexieStore.ts";
export { deriveDexieKey, type DeriveDexieKeyParameters } from "./store/deriveDexieKey.ts";
export type { HushlogStore } from "./store/HushlogStore.ts";
export type { HushlogStoreOptions } from "./store/HushlogStoreOptions.ts";
