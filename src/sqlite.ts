// `hushlog/sqlite`: the encrypted SQLite store (Node only).
export { createSqliteStore, type SqliteStoreOptions } from "./store/backends/sqlite/createSqliteStore.ts";
export type { Argon2idParams } from "./crypto/argon2id.ts";
export type { HushlogStore } from "./store/HushlogStore.ts";
export type { HushlogStoreOptions } from "./store/HushlogStoreOptions.ts";
