import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createDexieStore, deriveDexieKey } from "hushlog/dexie";
import { HushlogProvider } from "hushlog/react";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { pollingIntervalFor } from "../wallet/createAppWagmiConfig.ts";
import type { ReadyApp } from "./App.tsx";
import { EnsProvider } from "./EnsProvider.tsx";

/**
 * wagmi, TanStack Query and Hushlog. The store is this deployment's IndexedDB database, every record encrypted under
 * a key from one wallet signature (`deriveDexieKey`); tabs of one account share it and only one of them reads the
 * chain (`coordinateTabs`).
 */
export function Providers({ app, children }: { app: ReadyApp; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  const { settings, chain } = app;
  // wagmi keeps one client per chain: the same object on every render, so ENS is set up once.
  const [chainClient] = useState(() => app.config.getClient());
  return (
    <WagmiProvider config={app.config}>
      <QueryClientProvider client={queryClient}>
        <HushlogProvider
          contract={settings.contract}
          chainId={chain.chainId}
          deployBlock={settings.deployBlock ?? undefined}
          confirmations={settings.confirmations}
          publishPrekeys={settings.prekeys}
          pollingInterval={pollingIntervalFor(chain.chainId)}
          coordinateTabs
          store={async (account, wallet) => {
            const encryptionKey = await deriveDexieKey(wallet);
            try {
              // One database for every account of this browser; a wallet-derived key is never mistyped, so an
              // account this key opens nothing for is new here (blind indexes hide which accounts the files hold).
              return await createDexieStore({ name: chain.storeName, account, encryptionKey, createAccount: true });
            } finally {
              encryptionKey.fill(0);
            }
          }}
        >
          <EnsProvider enabled={settings.ens} chainClient={chainClient} registry={settings.ensRegistry} mainnetRpcUrl={settings.ensRpcUrl}>
            {children}
          </EnsProvider>
        </HushlogProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
