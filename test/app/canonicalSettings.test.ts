// @vitest-environment happy-dom
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../app/src/boot/loadSettings.ts";
import { probeChain } from "../../app/src/boot/probeChain.ts";
import { deployHushlog } from "../../src/chain/deployHushlog.ts";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { startAnvilProcess, type AnvilProcess } from "../fixtures/anvilNode.ts";

let anvil: AnvilProcess;
beforeAll(async () => {
  anvil = await startAnvilProcess();
});
afterAll(() => anvil?.stop());

describe("the app with no settings at all", () => {
  it("defaults to the canonical contract, the deployment block left to the client, on the local RPC", async () => {
    // No query, nothing saved, no /deployment.json (not served by npm start here), no VITE_HUSHLOG_* in the build.
    const loaded = await loadSettings();
    expect(loaded.source).toBe("default");
    expect(loaded.settings).toMatchObject({ rpcUrl: "http://127.0.0.1:8545", contract: hushlogAddress, deployBlock: null });
  });

  it("finds the canonical contract on a fresh local chain once deployed there; before, it says there is none", async () => {
    const settings = { ...(await loadSettings()).settings, contract: hushlogAddress, rpcUrl: anvil.url };
    await expect(probeChain(settings)).rejects.toMatchObject({ problem: "no-contract" });

    const publicClient = createPublicClient({ transport: http(anvil.url) }) as PublicClient;
    const [account] = await createWalletClient({ transport: http(anvil.url) }).getAddresses();
    await deployHushlog(createWalletClient({ account: account!, chain: foundry, transport: http(anvil.url) }), publicClient);
    const chain = await probeChain(settings);
    expect(chain.chainId).toBe(31337);
    // Without a deployment block the store is named after the genesis block: a restarted chain gets a new one.
    const genesis = await publicClient.getBlock({ blockNumber: 0n });
    expect(chain.storeName).toBe(`hushlog-31337-${hushlogAddress.toLowerCase()}-${genesis.hash.slice(2, 14)}`);
  });
});
