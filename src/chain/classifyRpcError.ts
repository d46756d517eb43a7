/**
 * What an RPC failure means for the caller, read from the whole `cause` chain (viem wraps the provider's error,
 * a fallback transport wraps the last transport's error):
 *
 * - `range`: the block range is wider than the provider allows: ask for fewer blocks.
 * - `size`: the answer would hold too many logs or bytes: ask for fewer blocks (a limit of density, not width).
 * - `filter`: the filter itself is too large (too many topics): ask with fewer topics.
 * - `rate-limit`: HTTP 429 and friends: wait (honouring Retry-After) and ask again.
 * - `transient`: timeouts, 5xx, network failures, a lagging node behind a load balancer: wait and ask again.
 * - `aborted`: the caller's AbortSignal fired.
 * - `permanent`: anything retrying cannot fix (invalid params unrelated to ranges, unknown method, 4xx).
 *
 * Providers word these errors differently and reuse codes (-32005 is Infura's rate limit AND its result cap,
 * -32602 is Alchemy's range cap AND a malformed parameter), so the message text decides first and codes and
 * HTTP statuses after. The patterns come from the messages of geth, Erigon, reth, Infura, Alchemy, QuickNode,
 * Ankr, dRPC, Chainstack, BlastAPI and public endpoints; when unsure we retry a bounded number of times
 * rather than fail a sync for good.
 */
export type RpcErrorClass =
  /** `limit`: the widest range (in blocks) the provider says it serves, when its message states one. */
  | { kind: "range" | "size"; suggestedRange?: { fromBlock: bigint; toBlock: bigint }; limit?: bigint }
  | { kind: "rate-limit"; retryAfterMs?: number }
  | { kind: "transient"; retryAfterMs?: number }
  /** `limit`: the OR-list length the provider says it accepts, when its message states one. */
  | { kind: "filter"; limit?: number }
  | { kind: "aborted" | "permanent" };

const sizePatterns = [
  /query returned more than/i,
  /more than [\d,]+ (results|logs|events)/i,
  /too many (results|logs|events)/i,
  /returned too many/i,
  /(log|query)? ?response (size|is too (large|big))/i,
  /result(s| set| window)? (is |are )?too (large|big)/i,
  /(results?|logs?) (limit|cap) (exceeded|reached)/i,
  /exceeds? (the )?(max(imum)? )?(number of )?(results|logs|events)/i,
  // Erigon and the public endpoints built on it: "query exceeds max results 20000, retry with the range 1-2".
  /max results/i,
  /response (size )?(exceeded|should not)/i,
  // viem's own http transport refusing a reply over its body limit (10 MB): too many logs in one answer.
  /response body exceeded the size limit/i,
];

const rangePatterns = [
  /block range/i,
  /range (is )?too (large|wide|big|long)/i,
  /too (large|wide|big) (of a )?range/i,
  /(limited to|up to) (a )?[\d,]+k? (blocks? )?range/i,
  // Infura (2025): -32602 "range 2000 exceeds limit of 1000" (the code is also that of a malformed parameter).
  /range [\d,]+ exceeds? (the )?limit/i,
  /ranges? (over|greater than|exceeding|larger than|of more than) [\d,]+/i,
  /max(imum)? (allowed )?range/i,
  /range (limit|exceeded)/i,
  /exceeds? (the )?(max(imum)? |allowed )?range/i,
  /too many blocks/i,
  /more than [\d,]+ blocks/i,
];

const filterPatterns = [
  /too many topics/i,
  /topics? (list )?(limit|exceed|too (long|large|many))/i,
  /filter (is )?too (large|big)/i,
  // geth 1.14+: "exceed max topics", "exceed max addresses or topics per search position".
  /exceeds? max (addresses or )?topics/i,
];

const rateLimitPatterns = [
  /rate.?limit/i,
  /too many requests/i,
  /request limit/i,
  /requests? per (second|minute|day)/i,
  /(exceeded|over) (the |your )?(quota|capacity|compute units|credits|request rate|rate)/i,
  /(quota|capacity|credits?) (exceeded|reached)/i,
  /throttl/i,
  /daily request count/i,
  /request rate/i,
];

const transientPatterns = [
  /time[d ]?out|took too long/i,
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network|connection (reset|closed|refused|error)/i,
  /temporar(y|ily)|try again|retry later|unavailable|bad gateway|overloaded|busy/i,
  /internal (server )?error/i,
  /header not found|unknown block|block not found|not synced|syncing|behind/i,
  /socket (closed|error)/i,
];

// JSON-RPC codes that are the client's own fault whatever the text says (the text tests above run first).
const permanentCodes = new Set([-32700, -32600, -32601, -32602, -32004, -32006, 4001, 4100, 4200, 4900, 4901, 5000]);
const transientCodes = new Set([-32603, -32002]);
const rateLimitCodes = new Set([429, -32005, -32007, -32029]);
const transientStatuses = new Set([408, 425, 500, 502, 503, 504, 520, 521, 522, 523, 524, 527, 530]);

export function classifyRpcError(error: unknown): RpcErrorClass {
  const chain = causeChain(error);
  if (chain.some((e) => e.name === "AbortError" || e.name === "AbortedError")) return { kind: "aborted" };

  const texts = chain.flatMap((e) => e.texts).join("\n");
  const codes = chain.map((e) => e.code).filter((c): c is number => c !== undefined);
  const statuses = chain.map((e) => e.status).filter((s): s is number => s !== undefined);
  const retryAfterMs = chain.map((e) => e.retryAfterMs).find((ms) => ms !== undefined);
  const suggestedRange = parseSuggestedRange(texts);

  if (chain.some((e) => e.name === "ResponseBodyTooLargeError")) return { kind: "size" };
  if (filterPatterns.some((p) => p.test(texts)) || statuses.includes(413)) {
    const stated = /(?:>\s*|(?:limit(?:ed)? (?:of|to)|max(?:imum)?(?: of)?) )(\d+)\b/i.exec(texts);
    const limit = stated ? Number(stated[1]) : 0;
    return limit > 0 ? { kind: "filter", limit } : { kind: "filter" };
  }
  if (sizePatterns.some((p) => p.test(texts))) return suggestedRange ? { kind: "size", suggestedRange } : { kind: "size" };
  if (rangePatterns.some((p) => p.test(texts))) {
    const limit = parseStatedLimit(texts);
    return { kind: "range", ...(suggestedRange ? { suggestedRange } : {}), ...(limit ? { limit } : {}) };
  }
  if (
    rateLimitPatterns.some((p) => p.test(texts)) ||
    statuses.includes(429) ||
    codes.some((c) => rateLimitCodes.has(c))
  ) {
    return retryAfterMs === undefined ? { kind: "rate-limit" } : { kind: "rate-limit", retryAfterMs };
  }
  if (statuses.some((s) => transientStatuses.has(s)) || codes.some((c) => transientCodes.has(c))) {
    return retryAfterMs === undefined ? { kind: "transient" } : { kind: "transient", retryAfterMs };
  }
  if (codes.some((c) => permanentCodes.has(c))) return { kind: "permanent" };
  if (statuses.some((s) => s >= 400 && s < 500)) return { kind: "permanent" };
  if (transientPatterns.some((p) => p.test(texts))) return { kind: "transient" };
  // A JSON-RPC error we do not recognise is the node answering "no" on purpose; an error without any code or
  // status (a dropped socket, a proxy's odd reply) is most likely the network.
  return codes.length > 0 ? { kind: "permanent" } : { kind: "transient" };
}

type ChainEntry = { name: string; texts: string[]; code?: number; status?: number; retryAfterMs?: number };

function causeChain(error: unknown): ChainEntry[] {
  const entries: ChainEntry[] = [];
  const seen = new Set<unknown>();
  let current = error;
  while (current !== null && current !== undefined && typeof current === "object" && !seen.has(current) && entries.length < 16) {
    seen.add(current);
    const e = current as {
      name?: unknown;
      message?: unknown;
      shortMessage?: unknown;
      details?: unknown;
      code?: unknown;
      status?: unknown;
      headers?: { get?: (name: string) => string | null };
      cause?: unknown;
    };
    // viem errors: the short message and the provider's own text (`details`). Their full `message` also holds
    // the request body (block numbers, topics), which must not be mistaken for an explanation.
    const texts =
      typeof e.shortMessage === "string"
        ? [e.shortMessage, typeof e.details === "string" ? e.details : ""]
        : [typeof e.message === "string" ? e.message : ""];
    const entry: ChainEntry = { name: typeof e.name === "string" ? e.name : "", texts };
    // viem's UnknownRpcError says -1 for "a code viem has no class for"; the provider's own code is further down.
    if (typeof e.code === "number" && !(e.code === -1 && entry.name === "UnknownRpcError")) entry.code = e.code;
    if (typeof e.status === "number") entry.status = e.status;
    const retryAfter = typeof e.headers?.get === "function" ? e.headers.get("retry-after") : null;
    const retryAfterMs = retryAfter ? parseRetryAfter(retryAfter) : undefined;
    if (retryAfterMs !== undefined) entry.retryAfterMs = retryAfterMs;
    entries.push(entry);
    current = e.cause;
  }
  if (entries.length === 0) entries.push({ name: "", texts: [String(error)] });
  return entries;
}

function parseRetryAfter(value: string): number | undefined {
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Infura ("Try with this block range [0x1, 0x2]"), Alchemy ("this block range should work: [0x1, 0x2]") and
 * Erigon-based endpoints ("retry with the range 24383075-24383096", decimal).
 */
function parseSuggestedRange(text: string): { fromBlock: bigint; toBlock: bigint } | undefined {
  const match = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(text) ?? /retry with the range (\d+)\s*-\s*(\d+)/i.exec(text);
  if (!match) return undefined;
  const fromBlock = BigInt(match[1]!);
  const toBlock = BigInt(match[2]!);
  return toBlock >= fromBlock ? { fromBlock, toBlock } : undefined;
}

/**
 * The range limit a provider states: "exceeds limit of 1000" (Infura), "up to a 2K block range" (Alchemy),
 * "limited to a 10,000 range" (QuickNode), "maximum block range: 50000" (geth-style), "ranges over 10000 blocks"
 * (dRPC), "max block range 100000" (reth). Knowing it, the reader goes straight to it instead of bisecting.
 */
function parseStatedLimit(text: string): bigint | undefined {
  const patterns = [
    /limit of ([\d,]+)/i,
    /up to a ([\d,]+)(k?) blocks? range/i,
    /limited to a ([\d,]+)(k?) (?:blocks? )?range/i,
    /max(?:imum)? block range:? ([\d,]+)/i,
    /ranges? over ([\d,]+) blocks/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = BigInt(match[1]!.replace(/,/g, "")) * (match[2]?.toLowerCase() === "k" ? 1000n : 1n);
    if (value > 0n) return value;
  }
  return undefined;
}
