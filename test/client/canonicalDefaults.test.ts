import { bytesToString } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployHushlog } from "../../src/chain/deployHushlog.ts";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { deployBlockCacheNamespace } from "../../src/chain/resolveDeployBlock.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil } from "../fixtures/createTestClients.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

/** What a dapp passes when it relies on the defaults: no contract, no deployment block. */
const defaults = { client: { contract: undefined, deployBlock: undefined } };

describe("client defaults: the canonical contract, its deployment block found and cached", () => {
  it("talks through hushlogAddress with no contract or block given, and caches the block it found", async () => {
    expect(chain.deployment.address).toBe(hushlogAddress);
    const alice = await createTestClient(chain, 1, defaults);
    const bob = await createTestClient(chain, 2, defaults);
    expect(alice.client.contract).toBe(hushlogAddress);

    const { conversationId } = await alice.client.startConversation(bob.wallet.account.address);
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    await bob.client.acceptHandshake(request!.id);
    await bob.client.sendMessage(conversationId, "found you at the canonical address");
    await syncUntil([alice.client], async () => (await alice.client.messages(conversationId)).length === 1);
    const [message] = await alice.client.messages(conversationId);
    expect(message!.content).toEqual({ type: "text", text: "found you at the canonical address" });

    for (const user of [alice, bob]) {
      const cached = await user.store.cache.get(deployBlockCacheNamespace, `31337:${hushlogAddress.toLowerCase()}`);
      expect(cached && bytesToString(cached)).toBe(String(chain.deployment.deployBlock));
    }
  });

  it("on a chain without the canonical contract, the first call fails with ContractNotFoundError", async () => {
    const other = await createTestChainWithPrivateDeploymentOnly();
    try {
      // Bound to the canonical address, as a dapp relying on the defaults would be.
      const user = await createTestClient({ ...other, deployment: { ...other.deployment, address: hushlogAddress } }, 1, defaults);
      await expect(user.client.sync()).rejects.toMatchObject({ code: "CHAIN_CONTRACT_NOT_FOUND" });
      expect(await user.store.cache.entryCount(deployBlockCacheNamespace)).toBe(0);
    } finally {
      await other.close();
    }
  });
});

/** A chain whose only Hushlog is a private one (plain CREATE): the canonical address holds nothing there. */
async function createTestChainWithPrivateDeploymentOnly(): Promise<TestChain> {
  const { network } = await import("hardhat");
  const connection = await network.create();
  const { viem } = connection as unknown as { viem: TestChain["viem"] };
  const base = {
    publicClient: (await viem.getPublicClient()) as TestChain["publicClient"],
    walletClients: (await viem.getWalletClients()) as TestChain["walletClients"],
    testClient: (await viem.getTestClient()) as TestChain["testClient"],
    viem,
    provider: connection.provider as unknown as TestChain["provider"],
    close: () => connection.close(),
  };
  const deployment = await deployHushlog(base.walletClients[0]!, base.publicClient, { mode: "private" });
  return { ...base, deployment };
}
