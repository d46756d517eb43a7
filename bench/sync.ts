import { createPublicClient, keccak256, toHex, type Hex, type PublicClient } from "viem";
import { encodePackedCall } from "../src/chain/encodePackedCall.ts";
import { fetchLogs, type FetchLogsOptions } from "../src/chain/fetchLogs.ts";
import { createFaultyTransport, type FaultyTransportOptions } from "../test/fixtures/createFaultyTransport.ts";
import { createTestChain } from "../test/fixtures/createTestChain.ts";
import { pseudoRandomBytes, type BenchResult } from "./BenchResult.ts";

/**
 * Log sync over a real history on the in-process chain (300 transactions, ~1,000 logs, 150 topics, spread
 * over ~50,000 blocks; the receiver asks for 120 topics): requests and time for a perfect provider and for
 * providers with hosted-RPC limits. Retry delays are 1 ms here, so times measure the client, not the waits.
 */
export async function benchSync(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  const wallet = chain.walletClients[0]!;
  const topics = Array.from({ length: 150 }, (_, i): Hex => `0x${keccak256(toHex(`bench topic ${i}`)).slice(2, 34)}${"0".repeat(32)}`);
  const fromBlock = (await chain.publicClient.getBlockNumber()) + 1n;
  let seed = 1;
  for (let i = 0; i < 300; i++) {
    const messages = Array.from({ length: 1 + (i % 6) }, (_, j) => ({ topic: topics[(i * 7 + j * 13) % 150]!, payload: pseudoRandomBytes(90, seed++) }));
    await wallet.sendTransaction({ to: chain.deployment.address, data: encodePackedCall({ kind: "batch", messages }) });
    // One block at a time would take minutes; hardhat_mine's reserved blocks hold no logs, which is all sync reads.
    await chain.testClient.mine({ blocks: 160 });
  }
  const toBlock = await chain.publicClient.getBlockNumber();
  const options: FetchLogsOptions = {
    address: chain.deployment.address,
    event: "Message",
    tags: topics.slice(0, 120),
    fromBlock,
    toBlock,
    retry: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 20 },
  };

  const results: BenchResult[] = [{ name: "sync.blocks", value: Number(toBlock - fromBlock + 1n), unit: "blocks" }];
  const run = async (name: string, client: PublicClient, extra: Partial<FetchLogsOptions> = {}) => {
    const start = performance.now();
    const result = await fetchLogs(client, { ...options, ...extra });
    const ms = performance.now() - start;
    results.push(
      { name: `sync.${name}.logs`, value: result.logs.length, unit: "logs" },
      { name: `sync.${name}.requests`, value: result.requests, unit: "requests" },
      { name: `sync.${name}.ms`, value: ms, unit: "ms" },
    );
    return result;
  };
  const faulty = (faults: Omit<FaultyTransportOptions, "seed">) => {
    const { transport, stats } = createFaultyTransport(chain.provider, { seed: "bench", ...faults });
    return { client: createPublicClient({ transport }) as PublicClient, stats };
  };

  await run("perfect", chain.publicClient);
  const limited = faulty({ maxBlockRange: 500 });
  await run("range500", limited.client);
  results.push({ name: "sync.range500.refusals", value: limited.stats.rangeRefused, unit: "requests", goal: { max: 20 } });
  const hostile = faulty({ maxBlockRange: 500, failureRate: 0.3, rateLimitRate: 0.1 });
  await run("hostile", hostile.client);
  results.push({ name: "sync.hostile.faults", value: hostile.stats.transient + hostile.stats.rateLimited + hostile.stats.rangeRefused, unit: "requests" });
  const capped = faulty({ maxResults: 20 });
  await run("results20", capped.client);
  results.push({ name: "sync.results20.refusals", value: capped.stats.sizeRefused, unit: "requests" });
  await chain.close();
  return results;
}
