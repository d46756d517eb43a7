import { useQueryClient } from "@tanstack/react-query";
import { createElement, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Address, WalletClient } from "viem";
import { useClient, useConnection, useConnectorClient } from "wagmi";
import { HushlogContext } from "./HushlogContext.ts";
import { toHushlogWalletClient } from "./toHushlogWalletClient.ts";
import { HushlogController, type HushlogClientOptions, type HushlogStoreFactory } from "./HushlogController.ts";

export type HushlogProviderProps = HushlogClientOptions & {
  /** The Hushlog contract. Default: the canonical `hushlogAddress` (for a private deployment, its address). */
  contract?: Address;
  /**
   * Opens the connected account's store, e.g.
   * `(account, wallet) => createDexieStore({ name: "hushlog", account, encryptionKey: await deriveDexieKey(wallet), createAccount: true })`.
   * Read when the identity is unlocked; the provider closes the stores it opened.
   */
  store: HushlogStoreFactory;
  /** The chain Hushlog runs on. Default: the wallet's current chain (the contract must exist there). */
  chainId?: number;
  children?: ReactNode;
};

/**
 * Hushlog for the wagmi account: place it inside `<WagmiProvider>` and `<QueryClientProvider>`. It takes the
 * public client and the connected wallet's client from wagmi, and while mounted runs the client's watch loop
 * once the identity is unlocked (`useHushlogIdentity().unlock()`), feeding every hook's query cache from the
 * client's events.
 */
export function HushlogProvider({ children, ...config }: HushlogProviderProps) {
  const queryClient = useQueryClient();
  const [controller] = useState(() => new HushlogController(queryClient));
  const connection = useConnection();
  const chainId = config.chainId ?? connection.chainId;
  const onChain = config.chainId === undefined || connection.chainId === config.chainId;
  // wagmi's bare client, not usePublicClient(): Hushlog reads the chain through viem's tree-shakeable actions, and
  // usePublicClient would add every public action of viem to the app (about 40 kB gzip, measured by the bench).
  const publicClient = useClient({ chainId });
  // The bare connector client with the three wallet methods Hushlog calls, not useWalletClient(), which would add every
  // wallet action of viem to the app (toHushlogWalletClient.ts).
  const { data: connectorClient } = useConnectorClient({ chainId, query: { enabled: connection.status === "connected" && onChain } });
  const walletClient = useMemo(() => connectorClient && toHushlogWalletClient(connectorClient), [connectorClient]);

  // Every render: options are plain values and the store factory is usually an inline function; the controller
  // keeps the latest and only re-keys the client when the contract or chain actually change.
  useEffect(() => controller.setConfig(config));
  useEffect(() => {
    controller.setWallet({
      account: connection.address,
      chainId: connection.chainId,
      publicClient,
      walletClient: (walletClient ?? undefined) as WalletClient | undefined,
    });
  }, [controller, connection.address, connection.chainId, publicClient, walletClient]);
  useEffect(() => controller.mount(), [controller]);

  return createElement(HushlogContext.Provider, { value: controller }, children);
}
