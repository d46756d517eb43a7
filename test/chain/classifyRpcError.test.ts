import { createPublicClient, custom, fallback, HttpRequestError, TimeoutError } from "viem";
import { describe, expect, it } from "vitest";
import { classifyRpcError } from "../../src/chain/classifyRpcError.ts";
import { createBlockRangeController } from "../../src/chain/createBlockRangeController.ts";
import { rpcError } from "../fixtures/createFaultyTransport.ts";

/** The error viem hands to its caller when a provider throws `thrown`: wrapped exactly as in production. */
async function asViemError(thrown: unknown, { viaFallback = false } = {}): Promise<unknown> {
  const failing = custom({
    request: async () => {
      throw thrown;
    },
  });
  const transport = viaFallback ? fallback([failing, failing]) : failing;
  const client = createPublicClient({ transport });
  return client.request({ method: "eth_getLogs", params: [{}] } as never, { retryCount: 0 }).catch((e: unknown) => e);
}

const url = "https://rpc.example.invalid";

const cases: [string, unknown, string][] = [
  // Range limits, in the providers' own words.
  ["Alchemy range", rpcError(-32600, "You can make eth_getLogs requests with up to a 2K block range. Based on your parameters, this block range should work: [0x1, 0x7d0]."), "range"],
  ["QuickNode range", rpcError(-32614, "eth_getLogs is limited to a 10,000 range"), "range"],
  ["geth-style range", rpcError(-32000, "exceed maximum block range: 50000"), "range"],
  ["dRPC range", rpcError(35, "ranges over 10000 blocks are not supported on freetier"), "range"],
  ["Ankr range", rpcError(-32602, "block range is too wide"), "range"],
  ["Chainstack range", rpcError(-32000, "Block range limit exceeded."), "range"],
  ["reth range", rpcError(-32602, "query exceeds max block range 100000"), "range"],
  // Issue 21: Infura's current wording, under the code of a malformed parameter. Was "permanent": sync failed.
  ["Infura range (2025)", rpcError(-32602, "range 2000 exceeds limit of 1000"), "range"],
  ["QuickNode range (blocks)", rpcError(-32614, "eth_getLogs and eth_newFilter are limited to a 10,000 blocks range"), "range"],
  ["Alchemy free tier range", rpcError(-32600, "Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range. Based on your parameters, this block range should work: [0x1, 0xa]. Upgrade to PAYG for expanded capabilities."), "range"],
  ["Ankr range", rpcError(-32062, "Block range is too large"), "range"],
  // Result and response-size caps.
  ["Infura result cap", rpcError(-32005, "query returned more than 10000 results. Try with this block range [0x1, 0x2]."), "size"],
  ["Alchemy response size", rpcError(-32602, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size."), "size"],
  ["BSC response size", rpcError(-32000, "response size should not greater than 10000000 bytes"), "size"],
  ["too many logs", rpcError(-32000, "too many logs, try a smaller range"), "size"],
  ["Erigon / public endpoints result cap", rpcError(-32000, "query exceeds max results 20000, retry with the range 24383075-24383096"), "size"],
  // Filters that are too large.
  ["too many topics", rpcError(-32602, "too many topics in filter"), "filter"],
  ["HTTP 413", new HttpRequestError({ url, status: 413, details: "Request Entity Too Large" }), "filter"],
  ["geth topics per position", rpcError(-32602, "exceed max addresses or topics per search position"), "filter"],
  ["geth topic positions", rpcError(-32602, "exceed max topics"), "filter"],
  // Rate limits.
  ["HTTP 429", new HttpRequestError({ url, status: 429, details: "Too Many Requests" }), "rate-limit"],
  ["Infura rate limit", rpcError(-32005, "daily request count exceeded, request rate limited"), "rate-limit"],
  ["bare -32005", rpcError(-32005, "limit exceeded"), "rate-limit"],
  ["Alchemy 429 code", rpcError(429, "Your app has exceeded its compute units per second capacity."), "rate-limit"],
  ["QuickNode -32007", rpcError(-32007, "100/second request limit reached - reduce calls per second"), "rate-limit"],
  ["HTTP 403 with rate text", new HttpRequestError({ url, status: 403, details: "rate limit exceeded" }), "rate-limit"],
  // Transient failures.
  ["HTTP 503", new HttpRequestError({ url, status: 503, details: "Service Unavailable" }), "transient"],
  ["HTTP 502", new HttpRequestError({ url, status: 502, details: "Bad Gateway" }), "transient"],
  ["timeout", new TimeoutError({ url, body: {} }), "transient"],
  ["network", new HttpRequestError({ url, cause: new TypeError("fetch failed") }), "transient"],
  ["internal error", rpcError(-32603, "internal error"), "transient"],
  ["lagging node", rpcError(-32000, "header not found"), "transient"],
  ["socket", new Error("socket hang up"), "transient"],
  // Permanent.
  ["invalid params", rpcError(-32602, "invalid argument 0: hex string without 0x prefix"), "permanent"],
  ["method not found", rpcError(-32601, "the method eth_getLogs does not exist/is not available"), "permanent"],
  ["HTTP 401", new HttpRequestError({ url, status: 401, details: "invalid project id" }), "permanent"],
  ["unknown JSON-RPC error", rpcError(-32000, "invalid block hash"), "permanent"],
  ["user rejected", rpcError(4001, "User rejected the request."), "permanent"],
];

describe("classifyRpcError", () => {
  it.each(cases)("%s", async (_, thrown, kind) => {
    expect(classifyRpcError(await asViemError(thrown)).kind).toBe(kind);
    expect(classifyRpcError(await asViemError(thrown, { viaFallback: true })).kind).toBe(kind);
  });

  it("reads the limit a provider states, so the reader goes straight to it", async () => {
    const limitOf = async (thrown: unknown) => (classifyRpcError(await asViemError(thrown)) as { limit?: bigint }).limit;
    expect(await limitOf(rpcError(-32602, "range 2000 exceeds limit of 1000"))).toBe(1000n);
    expect(await limitOf(rpcError(-32600, "You can make eth_getLogs requests with up to a 2K block range."))).toBe(2000n);
    expect(await limitOf(rpcError(-32614, "eth_getLogs is limited to a 10,000 range"))).toBe(10_000n);
    expect(await limitOf(rpcError(-32000, "exceed maximum block range: 50000"))).toBe(50_000n);
    expect(await limitOf(rpcError(35, "ranges over 10000 blocks are not supported on freetier"))).toBe(10_000n);
    expect(await limitOf(rpcError(-32602, "block range is too wide"))).toBe(undefined);
    const erigon = classifyRpcError(await asViemError(rpcError(-32000, "query exceeds max results 20000, retry with the range 5-9")));
    expect(erigon).toEqual({ kind: "size", suggestedRange: { fromBlock: 5n, toBlock: 9n } });
  });

  it("reads the provider's suggested range and Retry-After", async () => {
    expect(classifyRpcError(await asViemError(cases.find((c) => c[0] === "Infura result cap")![1]))).toEqual({ kind: "size", suggestedRange: { fromBlock: 1n, toBlock: 2n } });
    const limited = new HttpRequestError({ url, status: 429, headers: new Headers({ "Retry-After": "3" }) });
    expect(classifyRpcError(await asViemError(limited))).toEqual({ kind: "rate-limit", retryAfterMs: 3000 });
  });

  it("treats viem's response-body limit as too many results (split the range)", async () => {
    const { ResponseBodyTooLargeError } = await import("viem");
    expect(classifyRpcError(new ResponseBodyTooLargeError({ maxSize: 10_485_760, size: 10_861_106 }))).toEqual({ kind: "size" });
    expect(classifyRpcError(await asViemError(new ResponseBodyTooLargeError({ maxSize: 1, size: 2 }))).kind).toBe("size");
  });

  it("recognises aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyRpcError(controller.signal.reason).kind).toBe("aborted");
  });
});

describe("createBlockRangeController", () => {
  it("settles on a provider's exact range limit after a few refusals, then stays there", () => {
    const control = createBlockRangeController({ initialRange: 5_000n, maxRange: 100_000n, growAfter: 2 });
    const limit = 500n;
    let refusals = 0;
    const sizes: bigint[] = [];
    for (let i = 0; i < 200; i++) {
      const size = control.size();
      sizes.push(size);
      if (size > limit) {
        refusals++;
        control.failed(size, "range");
      } else control.succeeded(size);
    }
    expect(sizes.slice(-50).every((s) => s === limit)).toBe(true);
    expect(refusals).toBeLessThan(15);
  });

  it("halves on dense stretches under a ceiling that expires, then grows back", () => {
    const control = createBlockRangeController({ initialRange: 4_000n, maxRange: 8_000n, growAfter: 2, sizeCeilingTtl: 16 });
    control.failed(4_000n, "size");
    control.failed(2_000n, "size");
    expect(control.size()).toBe(1_000n);
    for (let i = 0; i < 15; i++) control.succeeded(control.size());
    // Bisecting toward the soft ceiling (1,999), never above it while it lasts.
    expect(control.size()).toBeGreaterThan(1_900n);
    expect(control.size()).toBeLessThanOrEqual(1_999n);
    for (let i = 0; i < 8; i++) control.succeeded(control.size());
    expect(control.size()).toBe(8_000n);
  });

  it("takes a provider's smaller suggestion, never goes below 1 or above the maximum", () => {
    const control = createBlockRangeController({ initialRange: 1_000_000n, maxRange: 10_000n });
    expect(control.size()).toBe(10_000n);
    control.failed(10_000n, "size", 7n);
    expect(control.size()).toBe(7n);
    control.failed(7n, "range");
    control.failed(3n, "range");
    control.failed(1n, "range");
    expect(control.size()).toBe(1n);
  });
});
