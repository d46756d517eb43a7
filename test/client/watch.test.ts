import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient } from "../fixtures/createTestClients.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

describe("HushlogClient.watch", () => {
  it("stopped while its first pass waits for the chain check, it starts no pass (close() must not race one)", async () => {
    const { client, store } = await createTestClient(chain, 1);
    const stop = client.watch({ pollingInterval: 10 });
    stop();
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // close() clears the listeners, so look at the store: a pass would have written the sync cursor.
    expect(await store.cursors.get(`${chain.deployment.chainId}:${chain.deployment.address.toLowerCase()}:sync`)).toBeNull();
  });

  it("runs passes until stopped", async () => {
    const { client } = await createTestClient(chain, 2);
    let passes = 0;
    client.on("sync", () => passes++);
    const stop = client.watch({ pollingInterval: 10 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    await client.close();
    const seen = passes;
    expect(seen).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes).toBe(seen);
  });
});
