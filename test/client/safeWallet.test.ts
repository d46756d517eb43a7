import { createWalletClient, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import { createChain, type AnyChain, type ChainKind } from "../fixtures/createChain.ts";
import { createSafeWallet, type SafeWallet } from "../fixtures/createSafeWallet.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

/**
 * Issue 21: smart-account sends (EIP-5792 wallet_sendCalls) through a real Safe v1.4.1 whose execTransaction
 * carries the Hushlog call, the Safe being a delegate of Alice's binding. Tracked by call id, then by the Hushlog
 * log itself: a Safe transaction whose inner call failed (ExecutionFailure, the transaction succeeded) is
 * `reverted` with its reason, never confirmed; a send removed by a reorg is found missing and sent again.
 */
describe.each<ChainKind>(["hardhat", "anvil"])("a Safe sending through execTransaction as EIP-5792 wallet (%s)", (kind) => {
  let chain: AnyChain;
  let safe: SafeWallet;
  let alice: HushlogClient;
  let bob: TestClientUser;
  let conversationId: Hex;

  beforeAll(async () => {
    chain = await createChain(kind);
    const owner = chain.walletClients[1]!;
    safe = await createSafeWallet(chain, owner);
    const identity = await deriveIdentity({ account: owner.account.address, signMessage: ({ message }) => owner.signMessage({ message }) });
    const binding = await createKeyBinding(identity, {
      signTypedData: (typedData) => owner.signTypedData(typedData),
      chainId: chain.deployment.chainId,
      contract: chain.deployment.address,
      sequence: 1n,
      delegates: [safe.safe],
    });
    const walletClient = createWalletClient({ account: safe.safe, chain: owner.chain, transport: safe.transport });
    alice = createHushlogClient({
      publicClient: chain.publicClient,
      walletClient,
      contract: chain.deployment.address,
      identity,
      binding,
      store: await createMemoryStore({ account: owner.account.address }),
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      finality: { depth: 1 },
      publishPrekeys: false,
      executor: "eip5792",
    });
    bob = await createTestClient(chain, 2);
    await alice.startConversation(bob.wallet.account.address);
    await syncUntil([alice, bob.client], async () => (await bob.client.requests("pending")).length === 1);
    ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
    await syncUntil([alice], async () => (await alice.conversations()).length === 1);
  });
  afterAll(() => chain.close());

  const inbound = async () => (await bob.client.messages(conversationId, { limit: 100 })).filter((m) => m.direction === "in").map((m) => m.content?.text);
  const mine = async (id: Hex) => (await alice.messages(conversationId, { limit: 100 })).find((m) => m.id === id);

  it("a message goes out through the Safe and ends final", async () => {
    const { messageIds } = await alice.sendMessage(conversationId, "through the safe");
    await syncUntil([alice, bob.client], async () => (await inbound()).includes("through the safe") && (await mine(messageIds[0]!))?.status === "final");
  });

  it("an inner call that failed inside a successful Safe transaction is reverted with its reason, and Retry delivers", async () => {
    safe.starveNextInnerCall();
    const { pendingId, messageIds } = await alice.sendMessage(conversationId, "inner call starved");
    await syncUntil([alice], async () => ["reverted", "final", "confirmed"].includes((await mine(messageIds[0]!))?.status ?? ""));
    expect((await mine(messageIds[0]!))?.status).toBe("reverted");
    expect((await alice.pendingTransactions()).find((p) => p.id === pendingId)?.error).toMatch(/reverted|inner/i);
    await bob.client.sync();
    expect(await inbound()).not.toContain("inner call starved");
    await alice.retry(pendingId);
    await syncUntil([alice, bob.client], async () => (await inbound()).includes("inner call starved") && (await mine(messageIds[0]!))?.status === "final");
  });
});
