import { useEffect, useState, type ReactNode } from "react";
import type { Address, Client } from "viem";
import { EnsResolverContext } from "../lib/ens/EnsResolverContext.ts";
import type { EnsResolver } from "../lib/ens/EnsResolver.ts";
import { findEnsResolver } from "../lib/ens/findEnsResolver.ts";

/** Finds where names are looked up (the chain in use, the configured mainnet RPC, or nowhere) once, for the app. */
export function EnsProvider({ chainClient, registry, mainnetRpcUrl, children }: { chainClient: Client; registry: Address; mainnetRpcUrl: string | null; children: ReactNode }) {
  const [resolver, setResolver] = useState<EnsResolver | null>(null);
  useEffect(() => {
    let current = true;
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
  }, [chainClient, registry, mainnetRpcUrl]);
  return <EnsResolverContext.Provider value={resolver}>{children}</EnsResolverContext.Provider>;
}
