import { createPublicClient, custom, fallback, keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeHushlogLogs } from "../../src/chain/decodeHushlogLogs.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { createLogLimits, fetchLogs, type FetchLogsOptions, type FetchLogsProgress } from "../../src/chain/fetchLogs.ts";
import type { HushlogLog } from "../../src/chain/HushlogLog.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import {
  AbortedError,
  LogRangeUnsplittableError,
  RpcRequestFailedError,
  RpcRetriesExhaustedError,
} from "../../src/errors/chainErrors.ts";
import { createFaultyTransport, rpcError, type FaultyTransportOptions } from "../fixtures/createFaultyTransport.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

const compact = (word: Hex): Hex => `0x${word.slice(2, 34)}${"0".repeat(32)}`;
const topics = Array.from({ length: 150 }, (_, i) => compact(keccak256(toHex(`topic ${i}`))));
/** The tags a receiver asks for: 120 of the 150 topics in use (the rest belong to other people). */
const wanted = topics.slice(0, 120);
const fastRetry = { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 12 };

let chain: TestChain;
let firstBlock: bigint;
let lastBlock: bigint;
/** Every Message log the chain holds, decoded from the receipts of the transactions that emitted them. */
let allMessages: HushlogLog[];
/** Every Hushlog log of any event. */
let allLogCount: number;

beforeAll(async () => {
  chain = await createTestChain();
  const { walletClients, testClient, publicClient, deployment } = chain;
  const random = createSeededRandom("fetchLogs fixture");
  const int = (n: number) => random(1)[0]! % n;
  const payload = (n: number) => random(n);
  firstBlock = (await publicClient.getBlockNumber()) + 1n;
  const hashes: Hex[] = [];
  const send = async (from: number, data: Hex) =>
    hashes.push(await walletClients[from]!.sendTransaction({ to: deployment.address, data }));

  for (let i = 0; i < 110; i++) {
    const from = int(5);
    const kind = int(10);
    if (kind < 5) {
      await send(from, encodePackedCall({ kind: "message", topic: topics[int(150)]!, payload: payload(20 + int(90)) }));
    } else if (kind < 9) {
      const messages = Array.from({ length: 2 + int(5) }, () => ({ topic: topics[int(150)]!, payload: payload(int(120)) }));
      await send(from, encodePackedCall({ kind: "batch", messages }));
    } else {
      // Another event on a wanted tag: a Message query must not return it.
      await send(from, encodePackedCall({ kind: "handshake", recipientTag: wanted[int(120)]!, payload: payload(64) }));
    }
    // Long stretches of empty blocks, so the history spans thousands of blocks.
    if (int(3) === 0) await testClient.mine({ blocks: 1 + int(200) });
  }
  // Several transactions (several senders) in one block: ordering must follow logIndex across transactions.
  await testClient.setAutomine(false);
  for (let from = 0; from < 4; from++) {
    const messages = [0, 1, 2].map(() => ({ topic: wanted[int(120)]!, payload: payload(40) }));
    await send(from, encodePackedCall({ kind: "batch", messages }));
  }
  await testClient.mine({ blocks: 1 });
  await testClient.setAutomine(true);
  await testClient.mine({ blocks: 700 });
  lastBlock = await publicClient.getBlockNumber();

  const receipts = await Promise.all(hashes.map((hash) => publicClient.getTransactionReceipt({ hash })));
  const decoded = decodeHushlogLogs(receipts.flatMap((r) => r.logs), { address: deployment.address });
  expect(decoded.skipped).toEqual([]);
  allLogCount = decoded.logs.length;
  allMessages = decoded.logs
    .filter((log) => log.event === "Message")
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}, 120_000);
afterAll(() => chain.close());

const options = (extra: Partial<FetchLogsOptions> = {}): FetchLogsOptions => ({
  address: chain.deployment.address,
  event: "Message",
  tags: wanted,
  fromBlock: firstBlock,
  toBlock: lastBlock,
  retry: fastRetry,
  ...extra,
});
const expected = (senders?: Address[]) =>
  allMessages.filter(
    (log) =>
      wanted.includes(log.tag) && (!senders || senders.some((s) => s.toLowerCase() === log.sender.toLowerCase())),
  );
const faultyClient = (faults: Omit<FaultyTransportOptions, "seed"> & { seed?: string }) => {
  const faulty = createFaultyTransport(chain.provider, { seed: "faulty", ...faults });
  return { client: createPublicClient({ transport: faulty.transport }) as PublicClient, stats: faulty.stats };
};

describe("fetchLogs on a perfect provider", () => {
  it("returns every wanted Message log, sorted, from thousands of blocks of real history", async () => {
    expect(lastBlock - firstBlock).toBeGreaterThan(3_000n);
    const want = expected();
    expect(want.length).toBeGreaterThan(150);
    expect(new Set(want.map((l) => l.blockNumber)).size).toBeGreaterThan(60);
    const result = await fetchLogs(chain.publicClient, options());
    expect(result.logs).toEqual(want);
    expect(result.skipped).toEqual([]);
    // Two tag chunks (100 + 20) per range.
    expect(result.requests % 2).toBe(0);
  });

  it("filters by sender (topic2) and by both lists chunked at once", async () => {
    const senders = [chain.walletClients[1]!.account.address, chain.walletClients[3]!.account.address];
    const result = await fetchLogs(chain.publicClient, options({ senders, maxTopicsPerQuery: 7 }));
    expect(result.logs).toEqual(expected(senders));
    expect(result.logs.length).toBeGreaterThan(20);
  });

  it("an empty OR-list matches nothing and asks the provider nothing", async () => {
    const progress: FetchLogsProgress[] = [];
    const result = await fetchLogs(chain.publicClient, options({ tags: [], onProgress: (p) => void progress.push(p) }));
    expect(result).toMatchObject({ logs: [], requests: 0 });
    expect(progress).toEqual([expect.objectContaining({ rangeFromBlock: firstBlock, currentBlock: lastBlock, logs: [] })]);
  });
});

describe("fetchLogs on misbehaving providers", () => {
  it("30% transient failures, rate limits and a 500-block range limit give exactly the perfect result", async () => {
    const { client, stats } = faultyClient({ failureRate: 0.3, rateLimitRate: 0.1, maxBlockRange: 500 });
    const progress: FetchLogsProgress[] = [];
    const result = await fetchLogs(client, options({ onProgress: (p) => void progress.push(p) }));

    expect(result.logs).toEqual(expected());
    expect(stats.transient).toBeGreaterThan(5);
    expect(stats.rateLimited).toBeGreaterThan(2);
    // Refused at least once (the wordings that state the limit teach it in one refusal since issue 21).
    expect(stats.rangeRefused).toBeGreaterThan(0);
    // Progress covers the sweep contiguously, in order, and its logs are exactly the result.
    expect(progress[0]!.rangeFromBlock).toBe(firstBlock);
    expect(progress.at(-1)!.currentBlock).toBe(lastBlock);
    progress.slice(1).forEach((p, i) => expect(p.rangeFromBlock).toBe(progress[i]!.currentBlock + 1n));
    expect(progress.flatMap((p) => p.logs)).toEqual(result.logs);
    // Once the limit is learnt, ranges stay at most 500 blocks and the sweep does not keep hitting it.
    expect(progress.every((p) => p.currentBlock - p.rangeFromBlock < 500n)).toBe(true);
    expect(stats.rangeRefused).toBeLessThan(15);
  });

  it("learned limits are kept across calls that share them (issue 21: ~30% of requests were refusals)", async () => {
    const { client, stats } = faultyClient({ maxBlockRange: 1000, rangeWording: "infura", maxTopicsPerPosition: 40 });
    const limits = createLogLimits();
    const first = await fetchLogs(client, options({ limits }));
    expect(first.logs).toEqual(expected());
    const refusedOnce = stats.rangeRefused + stats.filterRefused;
    // Infura states its limit ("range 5000 exceeds limit of 1000"): one refusal teaches it, no bisecting.
    expect(stats.rangeRefused).toBe(1);
    expect(limits.range.size()).toBe(1000n);
    for (let i = 0; i < 3; i++) expect((await fetchLogs(client, options({ limits }))).logs).toEqual(expected());
    expect(stats.rangeRefused + stats.filterRefused).toBe(refusedOnce);
  });

  it("result caps (reported or silent) and filter-size limits split ranges and queries until answers fit", async () => {
    const reported = faultyClient({ maxResults: 12, seed: "caps" });
    expect((await fetchLogs(reported.client, options())).logs).toEqual(expected());
    expect(reported.stats.sizeRefused).toBeGreaterThan(0);

    const silent = faultyClient({ truncateAt: 13, seed: "silent" });
    expect((await fetchLogs(silent.client, options({ resultLimit: 13 }))).logs).toEqual(expected());
    expect(silent.stats.truncated).toBeGreaterThan(0);

    const filters = faultyClient({ maxTopicsPerPosition: 30, seed: "filters" });
    expect((await fetchLogs(filters.client, options())).logs).toEqual(expected());
    expect(filters.stats.filterRefused).toBeGreaterThan(0);
    expect(filters.stats.filterRefused).toBeLessThan(6); // learnt once, not per range
  });

  it("works through a viem fallback transport whose first provider is down", async () => {
    const down = createFaultyTransport(chain.provider, { seed: "down", failureRate: 1 });
    const limited = createFaultyTransport(chain.provider, { seed: "limited", maxBlockRange: 800, failureRate: 0.2 });
    const client = createPublicClient({ transport: fallback([down.transport, limited.transport]) }) as PublicClient;
    expect((await fetchLogs(client, options())).logs).toEqual(expected());
    expect(down.stats.transient).toBeGreaterThan(0);
    expect(limited.stats.rangeRefused).toBeGreaterThan(0);
  });

  it("skips with a reason what a provider returns but was not asked for", async () => {
    // A provider that ignores the topic filter: every log of the contract comes back.
    const client = createPublicClient({
      transport: custom({
        request: async ({ method, params }) =>
          chain.provider.request({
            method,
            params: method === "eth_getLogs" ? [{ ...(params as [object])[0], topics: undefined }] : params,
          } as never),
      }),
    }) as PublicClient;
    const result = await fetchLogs(client, options());
    expect(result.logs).toEqual(expected());
    expect(result.skipped.length).toBe(allLogCount - expected().length);
    expect(new Set(result.skipped.map((s) => s.reason))).toEqual(new Set(["unrequested"]));
  });
});

describe("fetchLogs failures", () => {
  it("a block the provider cannot serve even alone is a typed error", async () => {
    // The same-block batches put 12 logs in one block; a cap of 2 cannot be met by splitting blocks.
    const { client } = faultyClient({ maxResults: 2, seed: "unsplittable" });
    const error = await fetchLogs(client, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogRangeUnsplittableError);
    expect((error as LogRangeUnsplittableError).blockNumber).toBeGreaterThanOrEqual(firstBlock);
  });

  it("permanent errors are not retried", async () => {
    const { client, stats } = faultyClient({
      permanent: (method) => (method === "eth_getLogs" ? rpcError(-32602, "invalid argument 0: hex string without 0x prefix") : undefined),
    });
    const error = await fetchLogs(client, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcRequestFailedError);
    expect((error as RpcRequestFailedError).details).toMatch(/without 0x prefix/);
    expect(stats.requests).toBe(1);
  });

  it("gives up after the configured attempts with the last error as cause", async () => {
    const { client, stats } = faultyClient({ failureRate: 1, seed: "dead" });
    const error = await fetchLogs(client, options({ retry: { ...fastRetry, maxAttempts: 3 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcRetriesExhaustedError);
    expect(error).toMatchObject({ method: "eth_getLogs", attempts: 3 });
    expect((error as RpcRetriesExhaustedError).cause).toBeDefined();
    expect(stats.requests).toBe(3);
  });

  it("stops on abort, before the next range and during a backoff wait", async () => {
    const controller = new AbortController();
    let ranges = 0;
    const aborted = await fetchLogs(
      chain.publicClient,
      options({ initialBlockRange: 100n, maxBlockRange: 100n, signal: controller.signal, onProgress: () => void (++ranges === 2 && controller.abort()) }),
    ).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(ranges).toBe(2);

    const { client } = faultyClient({ failureRate: 1, seed: "slow" });
    const waiting = fetchLogs(client, options({ signal: AbortSignal.timeout(50), retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }));
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
  });
});
