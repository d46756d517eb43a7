import type { Hex } from "viem";

/** How far sync has read one log stream, plus the recent block hashes needed to detect reorgs. */
export type CursorRecord = {
  /** e.g. `${chainId}:${contract}:messages`. */
  key: string;
  /** Last block fully processed. */
  block: bigint;
  /** Hashes of recently processed blocks, oldest first, bounded by the client. */
  recentBlocks: { number: bigint; hash: Hex }[];
  updatedAt: number;
};

export interface CursorStore {
  get(key: string): Promise<CursorRecord | null>;
  put(record: CursorRecord): Promise<void>;
  delete(key: string): Promise<void>;
}
