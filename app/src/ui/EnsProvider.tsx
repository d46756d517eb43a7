import { useEffect, useState, type ReactNode } from "react";
import type { Address, Client } from "viem";
import { EnsResolverContext } from "../lib/ens/EnsResolverContext.ts";
import type { EnsResolver } from "../lib/ens/EnsResolver.ts";
import { findEnsResolver } from "../lib/ens/findEnsResolver.ts";

/**
 * Finds where names are looked up (the chain in use, the configured mainnet RPC, or nowhere) once, for the app.
 * Disabled (the "ENS names" setting off): nowhere, and not even the registry check is sent.
 */
export function EnsProvider(props: { enabled: boolean; chainClient: Client; registry: Address; mainnetRpcUrl: string | null; children: ReactNode }) {
  const { enabled, chainClient, registry, mainnetRpcUrl, children } = props;
  const [resolver, setResolver] = useState<EnsResolver | null>(null);
  useEffect(() => {
    let current = true;
    if (!enabled) {
      setResolver(null);
      return;
    }
    void findEnsResolver({
      chainClient,
      registry,
      mainnetRpcUrl,
      onFailure: (address, error) => console.warn(`ENS lookup of ${address} failed; showing the address.`, error),
    }).then((found) => {
      if (current) setResolver(found);
    });
    return () => {
      current = false;
    };
  }, [enabled, chainClient, registry, mainnetRpcUrl]);
  return <EnsResolverContext.Provider value={resolver}>{children}</EnsResolverContext.Provider>;
}
