import { createPublicClient, createWalletClient, custom, type PublicClient } from "viem";
import { createHushlogClient } from "../src/client/createHushlogClient.ts";
import { encodeMessageContent } from "../src/client/messageContent.ts";
import { createSeededRandom } from "../src/crypto/random.ts";
import { x25519KeyPair } from "../src/crypto/x25519.ts";
import { createInitiatorSession, createResponderSession } from "../src/ratchet/createSession.ts";
import { ratchetDecrypt } from "../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../src/ratchet/ratchetEncrypt.ts";
import { createMemoryStore } from "../src/store/backends/memory/createMemoryStore.ts";
import type { SessionRecord } from "../src/store/SessionStore.ts";
import { inboundTopicList } from "../src/topics/inboundTopics.ts";
import { encodeConversationState } from "../src/wire/conversationStateCodec.ts";
import { createFaultyTransport } from "../test/fixtures/createFaultyTransport.ts";
import { createTestChain, type TestChain } from "../test/fixtures/createTestChain.ts";
import { testUser } from "../test/fixtures/testIdentities.ts";
import type { BenchResult } from "./BenchResult.ts";

/** Public providers' caps (issue 21): 10,000-block ranges, 20 values per OR-list, 10,000 results per answer. */
const caps = { maxBlockRange: 10_000, maxTopicsPerPosition: 20, maxResults: 10_000 };
const BLOCKS = 100_000;
/** viem's default polling interval for HTTP transports: what `watch` uses unless told otherwise. */
const POLL_SECONDS = 4;
/** Blocks arriving per poll: a 2-second L2 block time (Base, Optimism) under a 4-second poll. */
const BLOCKS_PER_POLL = 2;
const POLLS = 30;

/**
 * Catch-up and idle cost of a real HushlogClient with 1,000 and 5,000 conversations, through a proxy that
 * enforces public providers' caps and COUNTS requests (the 25 requests/s rate limit is not timed: a request
 * count divided by it is the time it would take). Conversations are at rest: each has exchanged one message
 * each way, so it watches 2 inbound topics (the peer's current chain and its announced next chain; previous
 * chains expire after 7 days and 302,400 blocks).
 *
 * Floor = ceil(inbound topics / OR-list cap) x ceil(blocks / range cap): the message requests no client can
 * avoid with filtered queries. Growth = log(requests 5,000 / requests 1,000) / log(5).
 */
export async function benchSyncScale(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  const results: BenchResult[] = [];
  const at = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
  const me = await testUser("sync scale", at);
  const peer = await testUser("sync scale peer", at);
  const startBlock = (await chain.publicClient.getBlockNumber()) + 1n;
  await chain.testClient.mine({ blocks: BLOCKS });

  const runs = new Map<number, number>();
  for (const conversations of [1_000, 5_000]) {
    const store = await createMemoryStore({ account: me.wallet.address });
    const topics = await restingConversations(store, conversations, peer.binding, at);
    const proxy = createFaultyTransport(chain.provider, { seed: "scale", ...caps });
    const client = createHushlogClient({
      publicClient: createPublicClient({ chain: chain.publicClient.chain, transport: proxy.transport }) as PublicClient,
      walletClient: createWalletClient({ account: me.wallet, chain: chain.walletClients[0]!.chain, transport: custom(chain.provider) }),
      contract: chain.deployment.address,
      identity: me.identity,
      binding: me.binding,
      store,
      deployBlock: startBlock,
      publishPrekeys: false,
      logs: { retry: { baseDelayMs: 0, maxDelayMs: 0 } },
    });
    await client.sync({ toBlock: startBlock - 1n }); // chain checks, so the count below is the catch-up alone
    const before = proxy.stats.requests;
    await client.sync({ toBlock: startBlock + BigInt(BLOCKS) - 1n });
    const requests = proxy.stats.requests - before;
    runs.set(conversations, requests);
    const floor = Math.ceil(topics / caps.maxTopicsPerPosition) * Math.ceil(BLOCKS / caps.maxBlockRange);
    const tag = `${conversations / 1000}k`;
    results.push(
      { name: `sync.scale.topics.${tag}conv`, value: topics, unit: "topics" },
      { name: `sync.scale.requests.${tag}conv100kBlocks`, value: requests, unit: "requests" },
      { name: `sync.scale.refusals.${tag}conv`, value: proxy.stats.rangeRefused + proxy.stats.filterRefused + proxy.stats.sizeRefused, unit: "requests" },
    );
    if (conversations === 1_000) {
      results.push(
        { name: "sync.scale.requests.1000conv100kBlocks", value: requests, unit: "requests" },
        { name: "sync.scale.floor.1000conv100kBlocks", value: floor, unit: "requests" },
        { name: "sync.scale.requestsOverFloor", value: requests / floor, unit: "ratio", goal: { max: 1.2 } },
        { name: "sync.scale.hoursAt25rps.1000conv", value: requests / 25 / 3600, unit: "h" },
      );
      results.push(...(await idle(chain, client, proxy.stats)));
    }
    await client.close();
  }
  const growth = Math.log(runs.get(5_000)! / runs.get(1_000)!) / Math.log(5);
  results.push({ name: "sync.scale.requestsGrowth", value: growth, unit: "exponent", goal: { max: 1.1 } });
  await chain.close();
  return results;
}

/** A watching client between polls: blocks keep coming (empty ones: the common case), requests are counted. */
async function idle(chain: TestChain, client: ReturnType<typeof createHushlogClient>, stats: { requests: number }): Promise<BenchResult[]> {
  await client.sync();
  const before = stats.requests;
  for (let i = 0; i < POLLS; i++) {
    await chain.testClient.mine({ blocks: BLOCKS_PER_POLL });
    await client.sync();
  }
  const perPoll = (stats.requests - before) / POLLS;
  return [
    { name: "sync.idle.requestsPerPoll.1000conv", value: perPoll, unit: "requests" },
    { name: "sync.idle.requestsPerSecond.1000conv", value: perPoll / POLL_SECONDS, unit: "req/s", goal: { max: 1 } },
    // A log is read at the next poll: on average half an interval after it lands, at worst a whole one.
    { name: "sync.idle.addedLatencyMs.avg", value: (POLL_SECONDS * 1000) / 2, unit: "ms" },
    { name: "sync.idle.addedLatencyMs.max", value: POLL_SECONDS * 1000, unit: "ms" },
  ];
}

/**
 * `count` conversations as a client leaves them after one message each way (2 inbound topics each), written
 * straight into the store: creating them through handshakes on chain would measure handshakes, not sync.
 */
async function restingConversations(
  store: Awaited<ReturnType<typeof createMemoryStore>>,
  count: number,
  binding: Awaited<ReturnType<typeof testUser>>["binding"],
  at: { chainId: number; contract: `0x${string}` },
): Promise<number> {
  const random = createSeededRandom(`resting ${count}`);
  const records: SessionRecord[] = [];
  let topics = 0;
  for (let i = 0; i < count; i++) {
    const rootKey = random(32);
    const ratchetKey = await x25519KeyPair(random);
    let them = createResponderSession({ rootKey: rootKey.slice(), ratchetKey, ...at });
    let us = createInitiatorSession({ rootKey: rootKey.slice(), theirRatchetKey: ratchetKey.publicKey, ...at });
    const first = await ratchetEncrypt(them, encodeMessageContent("hi"), { random });
    them = first.session;
    us = (await ratchetDecrypt(us, first.payload, { topic: first.topic })).session;
    us = (await ratchetEncrypt(us, encodeMessageContent("hello"), { random })).session;
    const account = `0x${(i + 1).toString(16).padStart(40, "0")}` as const;
    const inboundTopics = inboundTopicList(us);
    topics += inboundTopics.length;
    records.push({
      conversationId: `0x${(i + 1).toString(16).padStart(64, "0")}`,
      peer: account,
      inboundTopics,
      state: encodeConversationState({ ratchet: us, peer: { binding: { ...binding, account }, device: 0 }, unscanned: [], status: "active", rewound: false }),
      version: 1,
      updatedAt: 0,
    });
  }
  await store.transaction(async (tx) => {
    for (const record of records) await tx.sessions.save(record);
  });
  return topics;
}
