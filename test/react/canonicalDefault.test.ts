import { QueryClient } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { HushlogController } from "../../src/react/HushlogController.ts";
import { deployBlockCacheNamespace } from "../../src/chain/resolveDeployBlock.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { bytesToString } from "viem";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

describe("hushlog/react without a contract", () => {
  it("runs its client on the canonical address, the deployment block found on chain", async () => {
    const controller = new HushlogController(new QueryClient());
    // Only the store: no contract, no deployBlock.
    let store: HushlogStore | undefined;
    controller.setConfig({ store: async (account) => (store = await createMemoryStore({ account })), confirmations: 1, publishPrekeys: false });
    const wallet = chain.walletClients[4]!;
    controller.setWallet({ account: wallet.account.address, chainId: chain.deployment.chainId, publicClient: chain.publicClient, walletClient: wallet });
    const unmount = controller.mount();
    try {
      await controller.unlock();
      const { scope, client, binding } = controller.getSnapshot();
      expect(scope?.contract).toBe(hushlogAddress);
      expect(binding?.contract).toBe(hushlogAddress);
      expect(client?.contract).toBe(hushlogAddress);
      const result = await client!.sync();
      expect(result.toBlock).toBeGreaterThanOrEqual(chain.deployment.deployBlock);
      const cached = await store!.cache.get(deployBlockCacheNamespace, `${chain.deployment.chainId}:${hushlogAddress.toLowerCase()}`);
      expect(cached && bytesToString(cached)).toBe(String(chain.deployment.deployBlock));
    } finally {
      unmount();
    }
  });
});
