import type { Hex } from "viem";

/** A key that encrypts synced application state between the user's own devices. Secret. */
export type AppStateSyncKey = { keyData: Uint8Array; fingerprint: Uint8Array; timestamp: number };

/** Where one synced collection stands: its version and the running hash of its contents. */
export type HashState = { version: number; hash: Uint8Array };

/** The MAC of one mutation's index and of its value, kept to verify and undo later mutations. */
export type AppStateMutationMac = { indexMac: Uint8Array; valueMac: Uint8Array };

/** App-state synchronization between a user's devices: sync keys, collection versions, mutation MACs. */
export interface AppSyncStore {
  getSyncKey(keyId: Uint8Array): Promise<AppStateSyncKey | null>;
  setSyncKey(keyId: Uint8Array, key: AppStateSyncKey): Promise<void>;
  /** The id of the key with the highest `timestamp` (the most recently set one on a tie). */
  getLatestSyncKeyId(): Promise<Uint8Array | null>;
  /** A collection's state; `{ version: 0, hash: empty }` for one never synced. */
  getVersion(name: string): Promise<HashState>;
  setVersion(name: string, state: HashState): Promise<void>;
  /** Upserts the MACs of `version`'s mutations (a later put of the same index MAC replaces the value MAC). */
  putMutationMacs(name: string, version: number, mutations: readonly AppStateMutationMac[]): Promise<void>;
  getMutationMac(name: string, indexMac: Uint8Array): Promise<Uint8Array | null>;
  /**
   * Batch lookup (one query per 500 ids, never one per id): value MACs keyed by the lowercase hex of their
   * index MAC; ids not found are absent.
   */
  getMutationMacs(name: string, indexMacs: readonly Uint8Array[]): Promise<Map<Hex, Uint8Array>>;
  deleteMutationMacs(name: string, indexMacs: readonly Uint8Array[]): Promise<void>;
}
