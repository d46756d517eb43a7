import { formatLog, hexToBigInt, isAddress, isHex, numberToHex, pad, size as byteSize, type Address, type Hex, type Log } from "viem";
import { LOG_INITIAL_BLOCK_RANGE, LOG_MAX_BLOCK_RANGE, LOG_TOPICS_PER_QUERY } from "../constants.ts";
import { BaseError } from "../errors/BaseError.ts";
import { InvalidLogFilterError, LogRangeUnsplittableError, RpcRequestFailedError } from "../errors/chainErrors.ts";
import { classifyRpcError, type RpcErrorClass } from "./classifyRpcError.ts";
import { createBlockRangeController, type BlockRangeController } from "./createBlockRangeController.ts";
import { decodeHushlogLogs, hushlogEventSelectors } from "./decodeHushlogLogs.ts";
import type { HushlogEventName, HushlogLog, SkippedLog } from "./HushlogLog.ts";
import { throwIfAborted, withRpcRetry, type RetryOptions } from "./withRpcRetry.ts";
import type { ReadClient } from "./ReadClient.ts";

export type FetchLogsProgress = {
  /** The whole sweep, as asked (toBlock resolved). */
  fromBlock: bigint;
  toBlock: bigint;
  /** The range just completed: every block in rangeFromBlock..currentBlock has been read for every filter. */
  rangeFromBlock: bigint;
  currentBlock: bigint;
  /** New logs of that range, sorted, without duplicates. */
  logs: HushlogLog[];
  skipped: SkippedLog[];
};

export type FetchLogsOptions = {
  address: Address;
  /**
   * `"any"`: every Hushlog event of the contract in the range, with no topic filter at all (no tags, no senders):
   * one request for a short live range, where filtered queries would cost one per OR-list chunk, and a query that
   * tells the provider nothing about which topics we read. The caller sorts the events out.
   */
  event: HushlogEventName | "any";
  /**
   * topic1 OR-list (recipient tag, response tag, message topic; for Prekeys and Binding the declared account as a
   * 32-byte word). Omitted: any; empty: nothing matches.
   */
  tags?: readonly Hex[] | undefined;
  /** Sender OR-list (topic2: msg.sender). Omitted: any. */
  senders?: readonly Address[] | undefined;
  fromBlock: bigint;
  /** Resolved once at the start; pass a number so that a cursor means exactly what was read. */
  toBlock: bigint | "latest";
  /**
   * Called after each completed range, in block order. If it returns a promise the sweep waits for it, so the
   * caller can process and persist each range (and its cursor) before the next is fetched; if it throws, the
   * sweep stops with that error.
   */
  onProgress?: ((progress: FetchLogsProgress) => void | Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  /** Values per topic position per query (default LOG_TOPICS_PER_QUERY); lowered by itself on "too many topics". */
  maxTopicsPerQuery?: number | undefined;
  /** First block range (default LOG_INITIAL_BLOCK_RANGE); adapts to the provider from there. */
  initialBlockRange?: bigint | undefined;
  /** Largest range to grow to (default LOG_MAX_BLOCK_RANGE). */
  maxBlockRange?: bigint | undefined;
  /**
   * For providers that silently truncate results at a cap instead of failing: a response with this many logs
   * or more is treated as truncated and its range split. Leave unset for providers that report their cap.
   */
  resultLimit?: number | undefined;
  retry?: RetryOptions | undefined;
  /**
   * What this provider was found to allow (block range, values per OR-list), kept across calls: pass the same
   * object to every call on one provider (a client does, see createLogLimits) so that a limit learned once is
   * not refused again on the next call. Without it each call learns from scratch.
   */
  limits?: LogLimits | undefined;
};

export type FetchLogsResult = {
  /** Sorted by (blockNumber, logIndex), without duplicates by (transactionHash, logIndex). */
  logs: HushlogLog[];
  /** Logs the provider returned that are not valid answers to this query, with the reason. */
  skipped: SkippedLog[];
  fromBlock: bigint;
  toBlock: bigint;
  /** eth_getLogs requests sent, retried and refused ones included (retry.onRetry reports each retry). */
  requests: number;
};

type Query = { tags: Hex[] | null; senders: Hex[] | null };

/**
 * Reads Hushlog logs of one event over a block range from any provider: OR-lists chunked into several queries,
 * block ranges adapted to the provider's limits (see createBlockRangeController), rate limits and transient
 * failures retried with backoff (see withRpcRetry), and the answers checked and decoded (see
 * decodeHushlogLogs). Requests go through `publicClient.request`, so fallback transports work; viem's own
 * retries are turned off per request, since this function owns the retry policy.
 *
 * One request at a time, in ascending block order across all queries: polite to rate limits, and `onProgress`
 * (awaited) is a safe place to process a completed stretch and advance a persistent cursor.
 */
export async function fetchLogs(publicClient: ReadClient, options: FetchLogsOptions): Promise<FetchLogsResult> {
  const { address, event, signal, onProgress, retry, resultLimit } = options;
  const limits =
    options.limits ??
    createLogLimits({ initialBlockRange: options.initialBlockRange, maxBlockRange: options.maxBlockRange, maxTopicsPerQuery: options.maxTopicsPerQuery });
  const topicsPerQuery = Math.min(options.maxTopicsPerQuery ?? LOG_TOPICS_PER_QUERY, limits.topicsPerQuery);
  const { tags, senders } = validate(options, topicsPerQuery);
  let requests = 0;

  const fromBlock = options.fromBlock;
  const toBlock =
    options.toBlock === "latest"
      ? hexToBigInt(
          await withRpcRetry("eth_blockNumber", () => publicClient.request({ method: "eth_blockNumber" }, { retryCount: 0, signal }), {
            retry,
            signal,
          }),
        )
      : options.toBlock;
  const result: FetchLogsResult = { logs: [], skipped: [], fromBlock, toBlock, requests: 0 };
  if (fromBlock > toBlock) return result;

  const control = limits.range;
  const seen = new Set<string>();
  const requested = { tags: tags && new Set(tags), senders: senders && new Set(senders) };

  const getLogs = async (query: Query, from: bigint, to: bigint): Promise<Log[]> => {
    const topics = event === "any" ? [] : [hushlogEventSelectors[event], orList(query.tags), orList(query.senders)];
    while (topics.length > 1 && topics[topics.length - 1] === null) topics.pop();
    const params = [{ address, ...(topics.length ? { topics } : {}), fromBlock: numberToHex(from), toBlock: numberToHex(to) }];
    const raw = await withRpcRetry(
      "eth_getLogs",
      () => {
        requests++;
        return publicClient.request({ method: "eth_getLogs", params: params as never }, { retryCount: 0, signal });
      },
      { retry, signal },
    );
    if (!Array.isArray(raw)) throw new RpcRequestFailedError({ method: "eth_getLogs", cause: new Error(`expected an array, got ${typeof raw}`) });
    const logs = raw.map((log) => formatLog(log as never) as Log);
    if (resultLimit !== undefined && logs.length >= resultLimit) throw new TruncatedResponse();
    return logs;
  };

  // Each query (one per tag chunk x sender chunk) is a stream with its own next block. The stream furthest
  // behind asks next, so streams advance together; a block is complete once every stream has passed it, and
  // progress is reported for each newly completed stretch. A range/size refusal shrinks the shared range; a
  // filter refusal splits the stream's OR-list in two streams.
  const queries = tags?.length === 0 || senders?.length === 0 ? [] : buildQueries(tags, senders, topicsPerQuery);
  const streams = queries.map((query) => ({ query, next: fromBlock }));
  let buffered: Log[] = [];
  let done = fromBlock - 1n;
  let filterRefused = false;

  while (done < toBlock) {
    throwIfAborted(signal);
    const stream = streams.reduce<(typeof streams)[number] | undefined>((a, b) => (a && a.next <= b.next ? a : b), undefined);
    if (stream && stream.next <= toBlock) {
      const from = stream.next;
      const end = min(toBlock, from + control.size() - 1n);
      try {
        buffered.push(...(await getLogs(stream.query, from, end)));
        control.succeeded(end - from + 1n);
        if (listLength(stream.query) > limits.topicsGood) limits.topicsGood = listLength(stream.query);
        stream.next = end + 1n;
      } catch (error) {
        const classified: RpcErrorClass = error instanceof TruncatedResponse ? { kind: "size" } : classifyRpcError(error);
        if (classified.kind === "range" || classified.kind === "size") {
          if (end === from) throw new LogRangeUnsplittableError({ blockNumber: from, cause: error });
          const suggested = classified.suggestedRange;
          const suggestedSize = suggested && suggested.fromBlock === from ? suggested.toBlock - from + 1n : undefined;
          control.failed(end - from + 1n, classified.kind, suggestedSize, classified.limit);
          continue;
        }
        const refused = listLength(stream.query);
        if (classified.kind === "filter" && refused > 1) {
          // Remembered for later calls (a provider that refused this many values refuses them again), and applied
          // to EVERY stream at once: splitting only the refused one made one refusal per stream and level.
          filterRefused = true;
          const stated = classified.limit !== undefined && classified.limit < refused ? classified.limit : undefined;
          limits.topicsCeiling = Math.min(limits.topicsCeiling, stated ?? refused - 1);
          const size = Math.min(stated ?? Math.ceil(refused / 2), limits.topicsCeiling);
          limits.topicsPerQuery = Math.min(limits.topicsPerQuery, size);
          const rechunked = streams.flatMap((s) =>
            listLength(s.query) > size ? buildQueries(s.query.tags, s.query.senders, size).map((query) => ({ query, next: s.next })) : [s],
          );
          streams.splice(0, streams.length, ...rechunked);
          continue;
        }
        if (error instanceof BaseError) throw error; // retries exhausted, aborted: already typed
        throw new RpcRequestFailedError({ method: "eth_getLogs", cause: error });
      }
    }

    // Without streams (an empty OR-list matches nothing) the whole sweep is complete at once.
    const completed = streams.length === 0 ? toBlock : streams.reduce((low, s) => (s.next < low ? s.next : low), toBlock + 1n) - 1n;
    if (completed <= done) continue;
    const ready = completed === toBlock ? buffered : buffered.filter((log) => log.blockNumber === null || log.blockNumber <= completed);
    buffered = completed === toBlock ? [] : buffered.filter((log) => log.blockNumber !== null && log.blockNumber > completed);
    const { logs, skipped } = settle(ready, done + 1n, completed);
    result.logs.push(...logs);
    result.skipped.push(...skipped);
    result.requests = requests;
    await onProgress?.({ fromBlock, toBlock, rangeFromBlock: done + 1n, currentBlock: completed, logs, skipped });
    done = completed;
  }
  result.requests = requests;
  // A whole call without a filter refusal, its lists at the learnt size: try closer to the ceiling next time
  // (bisecting, as for block ranges), so a limit found by halving (100 -> 50 -> 25 -> 13) settles on the real one.
  if (!filterRefused && limits.topicsGood >= limits.topicsPerQuery && limits.topicsPerQuery < limits.topicsCeiling) {
    limits.topicsPerQuery = Math.min(limits.topicsCeiling, Math.ceil((limits.topicsPerQuery + limits.topicsCeiling) / 2));
  }
  return result;

  // Dedupes, decodes, checks against the query and sorts the logs of one completed stretch.
  function settle(raw: Log[], from: bigint, to: bigint): { logs: HushlogLog[]; skipped: SkippedLog[] } {
    // The same log can come back twice (several queries matching it, a provider ignoring a filter, a range
    // asked again); keep its first copy only, whatever becomes of it.
    const distinct = raw.filter((log) => {
      if (log.transactionHash === null || log.logIndex === null) return true;
      const key = `${log.transactionHash.toLowerCase()}:${log.logIndex}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const decoded = decodeHushlogLogs(distinct, { address, fromBlock: from, toBlock: to });
    const logs: HushlogLog[] = [];
    const skipped = decoded.skipped;
    for (const [index, log] of decoded.logs.entries()) {
      const mismatch = unrequested(log, event, requested);
      if (mismatch) skipped.push({ log: decoded.sources[index]!, reason: "unrequested", detail: mismatch });
      else logs.push(log);
    }
    return { logs: logs.sort(byPosition), skipped };
  }
}

/** A provider's learned limits, shared by the fetchLogs calls of one client (see FetchLogsOptions.limits). */
export type LogLimits = {
  range: BlockRangeController;
  /** OR-list length used now. */
  topicsPerQuery: number;
  /** Largest OR-list length not known to be refused (the configured maximum until a refusal). */
  topicsCeiling: number;
  /** Largest OR-list length known to be accepted. */
  topicsGood: number;
};

/**
 * Fresh limits for one provider: the block-range controller and the OR-list size, both adapted by every call.
 *
 * @example
 * const limits = createLogLimits({ maxBlockRange: 10_000n });
 * await fetchLogs(client, { address, event: "Message", fromBlock, toBlock, limits });
 */
export function createLogLimits(
  options: { initialBlockRange?: bigint | undefined; maxBlockRange?: bigint | undefined; maxTopicsPerQuery?: number | undefined } = {},
): LogLimits {
  return {
    range: createBlockRangeController({
      initialRange: options.initialBlockRange ?? LOG_INITIAL_BLOCK_RANGE,
      maxRange: options.maxBlockRange ?? LOG_MAX_BLOCK_RANGE,
    }),
    topicsPerQuery: options.maxTopicsPerQuery ?? LOG_TOPICS_PER_QUERY,
    topicsCeiling: options.maxTopicsPerQuery ?? LOG_TOPICS_PER_QUERY,
    topicsGood: 0,
  };
}

/** Thrown by getLogs when a response reaches `resultLimit`: handled exactly like a provider's size refusal. */
class TruncatedResponse extends Error {
  override name = "TruncatedResponse";
}

function validate(options: FetchLogsOptions, topicsPerQuery: number): { tags: Hex[] | null; senders: Hex[] | null } {
  if (!isAddress(options.address, { strict: false })) throw new InvalidLogFilterError(`address ${options.address} is not an address`);
  if (options.event !== "any" && !(options.event in hushlogEventSelectors)) throw new InvalidLogFilterError(`unknown event ${options.event}`);
  if (options.event === "any" && (options.tags || options.senders)) throw new InvalidLogFilterError('"any" event queries take no tags or senders');
  if (options.fromBlock < 0n) throw new InvalidLogFilterError("fromBlock is negative");
  if (typeof options.toBlock === "bigint" && options.toBlock < 0n) throw new InvalidLogFilterError("toBlock is negative");
  if (!Number.isInteger(topicsPerQuery) || topicsPerQuery < 1) throw new InvalidLogFilterError("maxTopicsPerQuery must be a positive integer");
  if ((options.initialBlockRange ?? 1n) < 1n || (options.maxBlockRange ?? 1n) < 1n) throw new InvalidLogFilterError("block ranges must be at least 1");
  const tags = options.tags
    ? unique(
        options.tags.map((tag) => {
          if (!isHex(tag, { strict: true }) || byteSize(tag) !== 32) throw new InvalidLogFilterError(`tag ${tag} is not 32 bytes of hex`);
          return tag.toLowerCase() as Hex;
        }),
      )
    : null;
  const senders = options.senders
    ? unique(
        options.senders.map((sender) => {
          if (!isAddress(sender, { strict: false })) throw new InvalidLogFilterError(`sender ${sender} is not an address`);
          return pad(sender.toLowerCase() as Hex, { size: 32 });
        }),
      )
    : null;
  return { tags, senders };
}

/** One query per (tag chunk, sender chunk) pair; `null` leaves a position unfiltered. */
function buildQueries(tags: Hex[] | null, senders: Hex[] | null, perQuery: number): Query[] {
  const tagChunks = tags ? chunk(tags, perQuery) : [null];
  const senderChunks = senders ? chunk(senders, perQuery) : [null];
  return tagChunks.flatMap((t) => senderChunks.map((s) => ({ tags: t, senders: s })));
}

/** The longer OR-list's length: what a provider's per-position limit applies to. */
function listLength(query: Query): number {
  return Math.max(query.tags?.length ?? 0, query.senders?.length ?? 0);
}

function unrequested(log: HushlogLog, event: HushlogEventName | "any", requested: { tags: Set<Hex> | null; senders: Set<Hex> | null }): string | null {
  if (event === "any") return null;
  if (log.event !== event) return `a ${log.event} log in a query for ${event}`;
  if (requested.tags && !requested.tags.has(log.tag.toLowerCase() as Hex)) return `tag ${log.tag} was not asked for`;
  if (requested.senders && !requested.senders.has(pad(log.sender.toLowerCase() as Hex, { size: 32 }))) return `sender ${log.sender} was not asked for`;
  return null;
}

const orList = (values: Hex[] | null): Hex | Hex[] | null => (values === null ? null : values.length === 1 ? values[0]! : values);
const byPosition = (a: HushlogLog, b: HushlogLog) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const unique = <T>(values: T[]): T[] => [...new Set(values)];

function chunk<T>(values: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
