import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { defineChain, type Address } from "viem";
import { createConfig, createConnector, custom, mock, WagmiProvider, type Config } from "wagmi";
import { connect } from "wagmi/actions";
import { HushlogProvider, type HushlogProviderProps } from "../../src/react/index.ts";
import type { TestChain } from "../fixtures/createTestChain.ts";
import { createTestWallet, type TestWallet } from "../fixtures/createTestWallet.ts";

export type WagmiUser = {
  account: Address;
  config: Config;
  queryClient: QueryClient;
  /** The wallet's EIP-1193 provider, with every method it was asked (to count signature prompts). */
  wallet: TestWallet;
  /** `method` calls the wallet received so far. */
  prompts: (method: "personal_sign" | "eth_signTypedData_v4") => number;
};

/**
 * A wagmi 3 config as a dapp has one, over the in-process chain: wagmi's `mock` connector for one of the chain's
 * unlocked accounts, whose provider is the test wallet (eth_accounts answers that account; signatures and
 * transactions go to the chain) instead of mock's HTTP request to `rpcUrls`, which the in-process chain has not.
 * Reads go through a `custom` transport over the chain's EIP-1193 provider.
 */
export async function createWagmiUser(chain: TestChain, index: number, options: { pollingInterval?: number } = {}): Promise<WagmiUser> {
  const account = chain.walletClients[index]!.account.address;
  const chainId = chain.deployment.chainId;
  const localChain = defineChain({
    id: chainId,
    name: "Hardhat (in-process)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: ["http://in-process.invalid"] } },
  });
  const wallet = createTestWallet(chain.provider, { account, capabilities: "none" });
  // `reconnect`: a WagmiProvider mounted later reconnects it, as an injected wallet does on page load.
  const base = mock({ accounts: [account], features: { reconnect: true } });
  const connector = createConnector((config) => ({
    ...base(config),
    async getProvider() {
      return wallet;
    },
  }));
  const config = createConfig({
    chains: [localChain],
    connectors: [connector],
    transports: { [chainId]: custom(chain.provider) },
    pollingInterval: options.pollingInterval ?? 50,
    multiInjectedProviderDiscovery: false,
    storage: null,
  });
  await connect(config, { connector: config.connectors[0]! });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return {
    account,
    config,
    queryClient,
    wallet,
    prompts: (method) => wallet.calls.filter((m) => m === method).length,
  };
}

/** The provider stack a dapp renders: wagmi, TanStack Query, Hushlog. */
export function hushlogWrapper(user: WagmiUser, props: Omit<HushlogProviderProps, "children">) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <WagmiProvider config={user.config} reconnectOnMount={false}>
        <QueryClientProvider client={user.queryClient}>
          {/* Prekeys off unless a test asks: these tests walk the request/accept flow. */}
          <HushlogProvider publishPrekeys={false} {...props}>
            {children}
          </HushlogProvider>
        </QueryClientProvider>
      </WagmiProvider>
    );
  };
}
