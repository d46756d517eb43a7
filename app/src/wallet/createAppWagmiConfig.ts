import { defineChain, http, type Chain } from "viem";
import { createConfig, injected, type Config } from "wagmi";
import type { AppSettings } from "../boot/AppSettings.ts";
import { LOCAL_CHAIN_ID, type ChainInfo } from "../boot/probeChain.ts";
import { devWallet } from "./devWallet.ts";

/**
 * How often wagmi and the Hushlog watch loop poll the RPC: 1 s on the local chain (blocks come every second or
 * on every transaction), 4 s elsewhere (wagmi's default; L2 blocks are ~2 s, L1 ~12 s).
 */
export function pollingIntervalFor(chainId: number): number {
  return chainId === LOCAL_CHAIN_ID ? 1_000 : 4_000;
}

export function appChain(settings: AppSettings, chainId: number): Chain {
  return defineChain({
    id: chainId,
    name: chainId === LOCAL_CHAIN_ID ? "Local Hardhat chain" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [settings.rpcUrl] } },
  });
}

/**
 * The wagmi configuration: the chain the settings point at, read through the settings' RPC URL; any injected
 * wallet (window.ethereum, and every EIP-6963 wallet the browser announces); on the local chain, one developer
 * wallet per unlocked node account.
 */
export function createAppWagmiConfig(settings: AppSettings, chain: ChainInfo): Config {
  const appChainValue = appChain(settings, chain.chainId);
  return createConfig({
    chains: [appChainValue],
    connectors: [
      injected(),
      ...chain.devAccounts.map((account, index) => devWallet({ account, index, rpcUrl: settings.rpcUrl, chainId: chain.chainId })),
    ],
    transports: { [chain.chainId]: http(settings.rpcUrl) },
    pollingInterval: pollingIntervalFor(chain.chainId),
    multiInjectedProviderDiscovery: true,
  });
}
