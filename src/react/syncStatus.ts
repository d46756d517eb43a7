import type { SyncProgress } from "../client/ClientEvents.ts";

/** Where the client's chain reading stands, as `useSyncStatus` reports it. */
export type HushlogSyncStatus = {
  /**
   * "idle": not watching yet; "syncing": a pass is reading blocks toward the head; "synced": the last pass
   * reached the head (new blocks are read as they come); "error": the last background pass failed (it retries).
   */
  status: "idle" | "syncing" | "synced" | "error";
  /** The current (or last) pass: 0 at its first block, 1 at the head. */
  progress: number;
  /** Range of the current (or last) pass and the last block fully processed. Null before the first pass. */
  fromBlock: bigint | null;
  toBlock: bigint | null;
  currentBlock: bigint | null;
  /** Messages received by the current (or last) pass. */
  messages: number;
  /** The last background failure, until a pass succeeds again. */
  error: Error | null;
};

export const initialSyncStatus: HushlogSyncStatus = {
  status: "idle",
  progress: 0,
  fromBlock: null,
  toBlock: null,
  currentBlock: null,
  messages: 0,
  error: null,
};

export function syncStatusFromProgress(progress: SyncProgress): HushlogSyncStatus {
  const total = progress.toBlock - progress.fromBlock + 1n;
  const done = progress.currentBlock - progress.fromBlock + 1n;
  const fraction = progress.done || total <= 0n ? 1 : Math.max(0, Math.min(1, Number((done * 10_000n) / total) / 10_000));
  return {
    status: progress.done ? "synced" : "syncing",
    progress: fraction,
    fromBlock: progress.fromBlock,
    toBlock: progress.toBlock,
    currentBlock: progress.currentBlock,
    messages: progress.messages,
    error: null,
  };
}

/** Whether two statuses would render the same (so a quiet poll does not re-render anything). */
export function sameSyncStatus(a: HushlogSyncStatus, b: HushlogSyncStatus): boolean {
  return (
    a.status === b.status &&
    a.progress === b.progress &&
    a.fromBlock === b.fromBlock &&
    a.toBlock === b.toBlock &&
    a.currentBlock === b.currentBlock &&
    a.messages === b.messages &&
    a.error === b.error
  );
}
