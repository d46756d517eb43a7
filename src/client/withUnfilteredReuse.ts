import type { HushlogLog } from "../chain/HushlogLog.ts";
import type { LogQuery } from "./ClientContext.ts";

/**
 * A client's `fetchLogs` that answers a filtered query from the newest unfiltered read (`event: "any"`) when that
 * read covered the query's whole range. A live sync step reads its blocks whole in one request, and app-state sync
 * then asks the same blocks for its key-share and patch topics: served from memory, an idle pass costs 2 requests
 * (the head block, one getLogs) instead of 3, or 4 with a sync key (issue 21: public RPCs cap requests). The answer
 * is the one the provider gave for those blocks moments earlier, filtered as the provider would (event, tags,
 * senders); fewer filtered queries also name fewer topics to it (issue 18). Only the newest unfiltered read is kept.
 *
 * @example
 * const fetch = withUnfilteredReuse((query) => fetchLogs(publicClient, { address, ...query }).then((r) => r.logs));
 */
export function withUnfilteredReuse(fetch: (query: LogQuery) => Promise<HushlogLog[]>): (query: LogQuery) => Promise<HushlogLog[]> {
  let newest: { fromBlock: bigint; toBlock: bigint; logs: HushlogLog[] } | null = null;
  return async (query) => {
    if (query.event === "any") {
      const logs = await fetch(query);
      newest = { fromBlock: query.fromBlock, toBlock: query.toBlock, logs };
      return logs;
    }
    if (!newest || query.fromBlock < newest.fromBlock || query.toBlock > newest.toBlock) return fetch(query);
    const tags = query.tags && new Set(query.tags.map((t) => t.toLowerCase()));
    const senders = query.senders && new Set(query.senders.map((s) => s.toLowerCase()));
    return newest.logs.filter(
      (log) =>
        log.event === query.event &&
        log.blockNumber >= query.fromBlock &&
        log.blockNumber <= query.toBlock &&
        (!tags || tags.has(log.tag.toLowerCase())) &&
        (!senders || senders.has(log.sender.toLowerCase())),
    );
  };
}
