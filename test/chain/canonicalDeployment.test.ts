import { network } from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  parseGwei,
  type Account,
  type Chain,
  type EIP1193RequestFn,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { deployHushlog } from "../../src/chain/deployHushlog.ts";
import { deterministicDeployer } from "../../src/chain/deterministicDeployer.ts";
import { ensureDeterministicDeployer } from "../../src/chain/ensureDeterministicDeployer.ts";
import { findDeployBlock } from "../../src/chain/findDeployBlock.ts";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { hushlogDeployedCodeHash } from "../../src/chain/hushlogBytecode.ts";
import { resolveDeployBlock } from "../../src/chain/resolveDeployBlock.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { DeterministicDeployerUnavailableError } from "../../src/errors/chainErrors.ts";
import { startAnvilProcess, type AnvilProcess } from "../fixtures/anvilNode.ts";
import { keccak256 } from "viem";

type Clients = { publicClient: PublicClient; walletClient: WalletClient<Transport, Chain, Account>; request: EIP1193RequestFn; close: () => Promise<void> };

const devChain = (id: number, url = "http://127.0.0.1") =>
  defineChain({ id, name: "dev", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [url] } } });

/** A fresh in-process Hardhat network (EDR), through its EIP-1193 provider. */
async function edr(): Promise<Clients> {
  const connection = await network.create();
  const transport = custom(connection.provider as never);
  const publicClient = createPublicClient({ chain: devChain(31337), transport }) as PublicClient;
  const [account] = (await connection.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
  const walletClient = createWalletClient({ account: account!, chain: devChain(31337), transport });
  return { publicClient, walletClient, request: connection.provider.request.bind(connection.provider) as EIP1193RequestFn, close: () => connection.close() };
}

/** A JSON-RPC node over HTTP, sending from its first unlocked account. */
async function overHttp(url: string): Promise<Omit<Clients, "close">> {
  const probe = createPublicClient({ transport: http(url) });
  const chain = devChain(await probe.getChainId(), url);
  const publicClient = createPublicClient({ chain, transport: http(url), pollingInterval: 50 }) as PublicClient;
  const [account] = await createWalletClient({ transport: http(url) }).getAddresses();
  const walletClient = createWalletClient({ account: account!, chain, transport: http(url), pollingInterval: 50 });
  return { publicClient, walletClient, request: ((args: never) => publicClient.request(args)) as EIP1193RequestFn };
}

async function codeHashAt(publicClient: PublicClient, address: `0x${string}`) {
  const code = await publicClient.getCode({ address });
  return code ? keccak256(code) : null;
}

const anvils: AnvilProcess[] = [];
afterAll(async () => {
  for (const anvil of anvils) await anvil.stop();
});

describe("canonical deployment on the in-process Hardhat network (EDR)", () => {
  it("sends the keyless factory transaction, deploys at hushlogAddress, and is idempotent", async () => {
    const chain = await edr();
    try {
      // EDR starts without the factory.
      expect(await chain.publicClient.getCode({ address: deterministicDeployer.address })).toBeUndefined();
      const deployment = await deployHushlog(chain.walletClient, chain.publicClient);
      expect(deployment.address).toBe(hushlogAddress);
      expect(await codeHashAt(chain.publicClient, deterministicDeployer.address)).toBe(deterministicDeployer.codeHash);
      expect(await codeHashAt(chain.publicClient, hushlogAddress)).toBe(hushlogDeployedCodeHash);
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: deployment.transactionHash! });
      expect(receipt.to?.toLowerCase()).toBe(deterministicDeployer.address.toLowerCase());
      expect(receipt.blockNumber).toBe(deployment.deployBlock);

      // Again: nothing is sent, the same address and block come back (the block found by binary search).
      const nonce = await chain.publicClient.getTransactionCount({ address: chain.walletClient.account.address });
      const again = await deployHushlog(chain.walletClient, chain.publicClient);
      expect(again).toEqual({ ...deployment, transactionHash: null });
      expect(await chain.publicClient.getTransactionCount({ address: chain.walletClient.account.address })).toBe(nonce);
    } finally {
      await chain.close();
    }
  });

  it("costs little more gas than a plain CREATE of the same contract", async () => {
    const chain = await edr();
    try {
      await ensureDeterministicDeployer(chain.walletClient, chain.publicClient);
      const canonical = await deployHushlog(chain.walletClient, chain.publicClient);
      const privateOne = await deployHushlog(chain.walletClient, chain.publicClient, { mode: "private" });
      expect(privateOne.address).not.toBe(hushlogAddress);
      const gas = async (hash: `0x${string}`) => (await chain.publicClient.getTransactionReceipt({ hash })).gasUsed;
      const [viaFactory, plain] = [await gas(canonical.transactionHash!), await gas(privateOne.transactionHash!)];
      console.log(`deploy gas: canonical (CREATE2 via the factory) ${viaFactory}, private (CREATE) ${plain}`);
      expect(viaFactory).toBeGreaterThan(plain);
      expect(viaFactory - plain).toBeLessThan(10_000n);
    } finally {
      await chain.close();
    }
  });

  it("refuses with a typed error, sending nothing, when the base fee is above the keyless transaction's 100 gwei", async () => {
    const chain = await edr();
    try {
      await chain.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [`0x${parseGwei("150").toString(16)}`] } as never);
      await chain.request({ method: "evm_mine", params: [] } as never);
      const error = await deployHushlog(chain.walletClient, chain.publicClient).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeterministicDeployerUnavailableError);
      expect(error).toMatchObject({ code: "CHAIN_DETERMINISTIC_DEPLOYER_UNAVAILABLE" });
      expect(await chain.publicClient.getBalance({ address: deterministicDeployer.signer })).toBe(0n);
      expect(await chain.publicClient.getTransactionCount({ address: chain.walletClient.account.address })).toBe(0);
    } finally {
      await chain.close();
    }
  });
});

describe("deployment block", () => {
  it("binary search on a chain 20 million blocks long: at most 1 + ⌈log2(head + 1)⌉ eth_getCode calls", async () => {
    const chain = await edr();
    try {
      // Hardhat mines empty blocks in bulk without executing them: a mainnet-sized chain in a few milliseconds. (Only
      // before the deployment: EDR 0.22 answers eth_getCode in the middle of such a range with state that lacks
      // contracts deployed before it, so blocks after the deployment are mined one by one.)
      await chain.request({ method: "hardhat_mine", params: ["0x1312d00"] } as never); // 20,000,000
      const deployment = await deployHushlog(chain.walletClient, chain.publicClient);
      for (let i = 0; i < 3; i++) await chain.request({ method: "evm_mine", params: [] } as never);
      const head = await chain.publicClient.getBlockNumber();
      const found = await findDeployBlock(chain.publicClient, { address: hushlogAddress });
      expect(found.deployBlock).toBe(deployment.deployBlock);
      console.log(`deploy block ${found.deployBlock} of ${head}: ${found.getCodeCalls} eth_getCode calls`);
      // One call for the head, then one per halving of [0, head].
      expect(found.getCodeCalls).toBeGreaterThanOrEqual(1 + Math.floor(Math.log2(Number(head) + 1)));
      expect(found.getCodeCalls).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(Number(head) + 1)));
    } finally {
      await chain.close();
    }
  });

  it("is cached in the store and re-checked with two calls; a restarted chain (same id, other block) is searched again", async () => {
    const store = await createMemoryStore({ account: "0x00000000000000000000000000000000000000a1" });
    const first = await edr();
    const second = await edr();
    try {
      await deployHushlog(first.walletClient, first.publicClient);
      await second.request({ method: "hardhat_mine", params: ["0x40"] } as never);
      const otherDeployment = await deployHushlog(second.walletClient, second.publicClient);

      const options = { chainId: 31337, address: hushlogAddress, cache: store.cache };
      const searched = await resolveDeployBlock(first.publicClient, options);
      expect(searched.source).toBe("search");
      const cached = await resolveDeployBlock(first.publicClient, options);
      expect(cached).toEqual({ deployBlock: searched.deployBlock, source: "cache", getCodeCalls: 2 });

      // Same chain id and address, deployed at another block: the cached block fails its check.
      const restarted = await resolveDeployBlock(second.publicClient, options);
      expect(restarted.source).toBe("search");
      expect(restarted.deployBlock).toBe(otherDeployment.deployBlock);
      expect(restarted.deployBlock).not.toBe(searched.deployBlock);
    } finally {
      await first.close();
      await second.close();
      await store.close();
    }
  });
});

describe("canonical deployment on anvil", () => {
  it("uses anvil's own factory: the same address, one transaction", async () => {
    const anvil = await startAnvilProcess();
    anvils.push(anvil);
    const chain = await overHttp(anvil.url);
    expect(await codeHashAt(chain.publicClient, deterministicDeployer.address)).toBe(deterministicDeployer.codeHash);
    const deployment = await deployHushlog(chain.walletClient, chain.publicClient);
    expect(deployment.address).toBe(hushlogAddress);
    expect(await chain.publicClient.getTransactionCount({ address: chain.walletClient.account.address })).toBe(1);
    expect((await deployHushlog(chain.walletClient, chain.publicClient)).transactionHash).toBeNull();
  });

  it("started without it (--disable-default-create2-deployer): sends the keyless transaction first", async () => {
    const anvil = await startAnvilProcess(["--disable-default-create2-deployer"]);
    anvils.push(anvil);
    const chain = await overHttp(anvil.url);
    expect(await chain.publicClient.getCode({ address: deterministicDeployer.address })).toBeUndefined();
    const deployment = await deployHushlog(chain.walletClient, chain.publicClient);
    expect(deployment.address).toBe(hushlogAddress);
    expect(await codeHashAt(chain.publicClient, deterministicDeployer.address)).toBe(deterministicDeployer.codeHash);
    expect(await codeHashAt(chain.publicClient, hushlogAddress)).toBe(hushlogDeployedCodeHash);
  });
});
