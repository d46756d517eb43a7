import { useNicknames } from "hushlog/react";
import { useCallback } from "react";
import { getAddress, type Address } from "viem";
import { shortAddress } from "../lib/format.ts";
import { useEnsProfile } from "../lib/ens/useEnsProfile.ts";
import { PeerFace } from "./PeerFace.tsx";

/** The name to show for an account: the nickname the user gave it, else its short address. */
export function usePeerLabel(): (address: Address) => string {
  const { data: names } = useNicknames();
  return useCallback((address: Address) => names?.[getAddress(address)] ?? shortAddress(address), [names]);
}

/**
 * An account as the lists show it: its face (ENS avatar or identicon) and its name — the nickname the user gave it,
 * else its verified ENS name, else its short address — with the full address in the tooltip.
 */
export function PeerName({ address, size }: { address: Address; size?: number }) {
  const { data: names } = useNicknames();
  const ens = useEnsProfile(address);
  const full = getAddress(address);
  return (
    <span className="peer" title={ens?.name ? `${ens.name} · ${full}` : full}>
      <PeerFace address={address} avatar={ens?.avatar} size={size} />
      <span className="peer-name">{names?.[full] ?? ens?.name ?? shortAddress(full)}</span>
    </span>
  );
}
