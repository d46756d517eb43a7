import { hexToBigInt } from "viem";
import { LOG_INITIAL_BLOCK_RANGE, LOG_MAX_BLOCK_RANGE } from "../constants.ts";
import { fetchLogs, type FetchLogsOptions } from "./fetchLogs.ts";
import type { HushlogLog } from "./HushlogLog.ts";
import { withRpcRetry } from "./withRpcRetry.ts";
import type { ReadClient } from "./ReadClient.ts";

export type FetchNewestLogOptions = Omit<FetchLogsOptions, "toBlock" | "onProgress" | "fromBlock"> & {
  /** The oldest block to search (e.g. the contract's deploy block). */
  fromBlock: bigint;
  /** The newest block to search; default the chain head. */
  toBlock?: bigint | undefined;
  /**
   * Whether a log counts (default: every log does). Logs are offered newest first; a refused one is passed over, so
   * junk that anyone may post under a filter (account records) cannot hide an older valid log.
   */
  accept?: ((log: HushlogLog) => boolean | Promise<boolean>) | undefined;
};

/**
 * The newest log matching one filter (e.g. an account's `Prekeys`), searching backwards from the head in windows
 * that double from LOG_INITIAL_BLOCK_RANGE up to LOG_MAX_BLOCK_RANGE, so a recent log costs one or two requests
 * however long the history, and providers' range limits are handled by `fetchLogs` inside each window.
 * Null when no (accepted) log matches in [fromBlock, toBlock].
 */
export async function fetchNewestLog(publicClient: ReadClient, options: FetchNewestLogOptions): Promise<HushlogLog | null> {
  const { fromBlock, retry, signal } = options;
  let to =
    options.toBlock ??
    hexToBigInt(
      await withRpcRetry("eth_blockNumber", () => publicClient.request({ method: "eth_blockNumber" }, { retryCount: 0, signal }), {
        retry,
        signal,
      }),
    );
  let size = options.initialBlockRange ?? LOG_INITIAL_BLOCK_RANGE;
  const maxSize = options.maxBlockRange ?? LOG_MAX_BLOCK_RANGE;
  while (to >= fromBlock) {
    const from = to - size + 1n > fromBlock ? to - size + 1n : fromBlock;
    const { logs } = await fetchLogs(publicClient, { ...options, fromBlock: from, toBlock: to });
    for (let i = logs.length - 1; i >= 0; i--) if (!options.accept || (await options.accept(logs[i]!))) return logs[i]!;
    to = from - 1n;
    size = size * 2n < maxSize ? size * 2n : maxSize;
  }
  return null;
}
