import { createPublicClient, getAddress, parseGwei, type Address, type Hex, type PublicClient } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { isBlockCanonical } from "../../src/chain/isBlockCanonical.ts";
import { probeTransaction, type ProbeTransactionParameters } from "../../src/chain/probeTransaction.ts";
import { createFaultyTransport, rpcError } from "../fixtures/createFaultyTransport.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
// Every test starts with automine on; tests that need a mempool turn it off themselves.
beforeEach(() => chain.testClient.setAutomine(true));

const topic = `0x${"ef".repeat(16)}${"00".repeat(16)}` as Hex;
let seed = 0;
const messageData = (): Hex => encodePackedCall({ kind: "message", topic, payload: Uint8Array.from({ length: 50 }, (_, i) => (i + ++seed) % 255) });

type Sent = { hash: Hex; from: Address; nonce: number; data: Hex; sinceBlock: bigint };

/** Sends from Hardhat account `i` with explicit fees (so a replacement can outbid it) and records what probe needs. */
async function send(i: number, { data = messageData(), nonce, fee = 10, gas }: { data?: Hex; nonce?: number; fee?: number; gas?: bigint } = {}): Promise<Sent> {
  const wallet = chain.walletClients[i]!;
  const from = getAddress(wallet.account.address);
  const sinceBlock = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  const txNonce = nonce ?? (await chain.publicClient.getTransactionCount({ address: from, blockTag: "pending" }));
  const hash = await wallet.sendTransaction({
    to: chain.deployment.address,
    data,
    nonce: txNonce,
    maxFeePerGas: parseGwei(String(fee)),
    maxPriorityFeePerGas: parseGwei(String(fee / 10)),
    ...(gas ? { gas } : {}),
  });
  return { hash, from, nonce: txNonce, data, sinceBlock };
}

const probe = (sent: Sent, extra: Partial<ProbeTransactionParameters> = {}, client: PublicClient = chain.publicClient) =>
  probeTransaction(client, { ...sent, confirmations: 3, ...extra });

describe("probeTransaction", () => {
  it("pending -> included -> confirmed, with the depth", async () => {
    await chain.testClient.setAutomine(false);
    const sent = await send(1);
    expect(await probe(sent)).toEqual({ state: "pending" });
    await chain.testClient.mine({ blocks: 1 });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: sent.hash });
    const at = { blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
    expect(await probe(sent)).toEqual({ state: "included", ...at, confirmations: 1 });
    await chain.testClient.mine({ blocks: 2 });
    expect(await probe(sent)).toEqual({ state: "confirmed", ...at, confirmations: 3 });
  });

  it("reverted: mined with a revert (unknown packed kind 0x09)", async () => {
    await chain.testClient.setAutomine(false);
    const sent = await send(1, { data: "0x09", gas: 100_000n });
    await chain.testClient.mine({ blocks: 1 });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: sent.hash });
    expect(receipt.status).toBe("reverted");
    expect(await probe(sent)).toEqual({ state: "reverted", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, confirmations: 1 });
  });

  it("dropped: gone from the mempool with the nonce still free", async () => {
    await chain.testClient.setAutomine(false);
    const sent = await send(2);
    await chain.testClient.dropTransaction({ hash: sent.hash });
    expect(await probe(sent)).toEqual({ state: "dropped" });
    await chain.testClient.mine({ blocks: 1 });
    expect(await probe(sent)).toEqual({ state: "dropped" });
  });

  it("replaced by a speed-up with the same calldata, pending and then mined", async () => {
    await chain.testClient.setAutomine(false);
    const original = await send(3);
    const speedUp = await send(3, { data: original.data, nonce: original.nonce, fee: 20 });
    expect(speedUp.hash).not.toBe(original.hash);
    expect(await probe(original)).toEqual({ state: "replaced", replacement: speedUp.hash, sameCalldata: true, pending: true });
    await chain.testClient.mine({ blocks: 3 });
    expect(await probe(original)).toEqual({ state: "replaced", replacement: speedUp.hash, sameCalldata: true, pending: false });
    expect(await probe(speedUp)).toMatchObject({ state: "confirmed" });
    // Without the original calldata a replacement is never assumed to carry the same bytes.
    expect(await probe(original, { data: undefined })).toMatchObject({ state: "replaced", sameCalldata: false });
  });

  it("replaced by a cancel (self-transfer), found on a node without archive state too", async () => {
    await chain.testClient.setAutomine(false);
    const original = await send(4);
    const wallet = chain.walletClients[4]!;
    const cancel = await wallet.sendTransaction({
      to: wallet.account.address,
      value: 0n,
      nonce: original.nonce,
      maxFeePerGas: parseGwei("30"),
      maxPriorityFeePerGas: parseGwei("3"),
    });
    // One block at a time: Hardhat's multi-block mine leaves blocks whose state reads as empty.
    for (let i = 0; i < 40; i++) await chain.testClient.mine({ blocks: 1 });
    const replaced = { state: "replaced", replacement: cancel, sameCalldata: false, pending: false };
    const archive = createFaultyTransport(chain.provider, { seed: "archive" });
    expect(await probe(original, {}, createPublicClient({ transport: archive.transport }) as PublicClient)).toEqual(replaced);
    // Binary search over nonce counts: a few count queries, one block read.
    expect(archive.stats.byMethod["eth_getBlockByNumber"]).toBe(1);
    expect(archive.stats.byMethod["eth_getTransactionCount"]).toBeLessThan(10);

    // A node that refuses historical state: the search falls back to reading blocks.
    const pruned = createFaultyTransport(chain.provider, {
      seed: "pruned",
      permanent: (method, params) =>
        method === "eth_getTransactionCount" && !["latest", "pending"].includes((params as string[])[1]!)
          ? rpcError(-32000, "missing trie node 3b2f... (path ) state is not available")
          : undefined,
    });
    const prunedClient = createPublicClient({ transport: pruned.transport }) as PublicClient;
    expect(await probe(original, {}, prunedClient)).toEqual(replaced);
    expect(pruned.stats.permanent).toBeGreaterThan(0);
    expect(pruned.stats.byMethod["eth_getBlockByNumber"]).toBeGreaterThan(1);


    // Searching only after the replacement was mined: the nonce is used, but by whom is unknown.
    const latest = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
    expect(await probe(original, { sinceBlock: latest - 5n })).toEqual({ ...replaced, replacement: null });
  });

  it("finds the replacement on a node whose history contradicts itself", async () => {
    // Hardhat's multi-block mine leaves interior blocks whose state reads as empty (nonce 0): the binary
    // search lands on a wrong block, the block read catches it, and the block scan finds the replacement.
    await chain.testClient.setAutomine(false);
    const original = await send(8);
    const speedUp = await send(8, { data: original.data, nonce: original.nonce, fee: 40 });
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.mine({ blocks: 60 });
    await chain.testClient.mine({ blocks: 1 });
    const counting = createFaultyTransport(chain.provider, { seed: "counting" });
    const client = createPublicClient({ transport: counting.transport }) as PublicClient;
    expect(await probe(original, {}, client)).toEqual({ state: "replaced", replacement: speedUp.hash, sameCalldata: true, pending: false });
    expect(counting.stats.byMethod["eth_getBlockByNumber"]).toBeGreaterThan(2); // it had to read blocks
  });
});

describe("reorgs", () => {
  it("a receipt's block disappears and the same transaction is re-included in a different block", async () => {
    await chain.testClient.setAutomine(false);
    const sent = await send(5);
    const snapshot = await chain.testClient.snapshot();
    await chain.testClient.mine({ blocks: 1 });
    const first = await probe(sent, { confirmations: 1 });
    expect(first).toMatchObject({ state: "confirmed" });
    const firstBlock = first as { blockNumber: bigint; blockHash: Hex };

    await chain.testClient.revert({ id: snapshot });
    expect(await isBlockCanonical(chain.publicClient, firstBlock)).toBe(false); // the chain is shorter now
    expect(await probe(sent)).toEqual({ state: "pending" }); // back in the mempool

    // Same height, different block (another timestamp), same transaction.
    const { timestamp } = await chain.publicClient.getBlock();
    await chain.testClient.setNextBlockTimestamp({ timestamp: timestamp + 100n });
    await chain.testClient.mine({ blocks: 1 });
    const second = (await probe(sent, { confirmations: 1 })) as { state: string; blockNumber: bigint; blockHash: Hex };
    expect(second).toMatchObject({ state: "confirmed", blockNumber: firstBlock.blockNumber });
    expect(second.blockHash).not.toBe(firstBlock.blockHash);
    expect(await isBlockCanonical(chain.publicClient, firstBlock)).toBe(false);
    expect(await isBlockCanonical(chain.publicClient, second)).toBe(true);
  });

  it("a receipt's block disappears and the transaction is not re-included at all", async () => {
    const snapshot = await chain.testClient.snapshot();
    const sent = await send(6);
    const included = (await probe(sent)) as { state: string; blockNumber: bigint; blockHash: Hex };
    expect(included.state).toBe("included");

    await chain.testClient.revert({ id: snapshot });
    await chain.testClient.mine({ blocks: 2 });
    expect(await isBlockCanonical(chain.publicClient, included)).toBe(false);
    expect(await probe(sent)).toEqual({ state: "dropped" });
  });
});
