import { useContext, useEffect, useState } from "react";
import type { Address } from "viem";
import type { EnsProfile } from "./EnsProfile.ts";
import { EnsResolverContext } from "./EnsResolverContext.ts";

/**
 * An address's verified ENS name and avatar (see lookupEnsProfile), undefined until known and where there is no
 * ENS. Served from the resolver's cache, so the rows of a list that re-render or remount do not query again.
 */
export function useEnsProfile(address: Address | undefined): EnsProfile | undefined {
  const resolver = useContext(EnsResolverContext);
  const [state, setState] = useState<{ key: string; profile: EnsProfile } | null>(null);
  const key = address?.toLowerCase() ?? "";
  useEffect(() => {
    if (!resolver || !address) return;
    let current = true;
    void resolver.lookup(address).then((profile) => {
      if (current) setState({ key: address.toLowerCase(), profile });
    });
    return () => {
      current = false;
    };
  }, [resolver, address]);
  if (!resolver || !address) return undefined;
  // A cached profile at once (no flash of the address); a previous address's state is never shown for a new one.
  return state?.key === key ? state.profile : resolver.cached(address);
}
