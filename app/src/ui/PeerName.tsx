import { useNicknames } from "hushlog/react";
import { useCallback } from "react";
import { getAddress, type Address } from "viem";
import { shortAddress } from "../lib/format.ts";
import { Identicon } from "./Identicon.tsx";

/** The name to show for an account: the nickname the user gave it, else its short address. */
export function usePeerLabel(): (address: Address) => string {
  const { data: names } = useNicknames();
  return useCallback((address: Address) => names?.[getAddress(address)] ?? shortAddress(address), [names]);
}

/** An account as the lists show it: its face and its name (the full address in the tooltip). */
export function PeerName({ address, size }: { address: Address; size?: number }) {
  const label = usePeerLabel();
  return (
    <span className="peer" title={getAddress(address)}>
      <Identicon address={address} size={size} />
      <span className="peer-name">{label(address)}</span>
    </span>
  );
}
