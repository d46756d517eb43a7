import { useMutedAccounts } from "hushlog/react";
import { getAddress, type Address } from "viem";

/** "Mute" / "Unmute": a muted contact's messages still arrive and count as unread, but never notify. */
export function MuteToggle({ peer }: { peer: Address }) {
  const { data: muted, setMuted } = useMutedAccounts();
  const isMuted = muted?.includes(getAddress(peer)) ?? false;
  return (
    <button type="button" className="link" disabled={setMuted.isPending} onClick={() => setMuted.mutate({ account: peer, muted: !isMuted })}>
      {isMuted ? "Unmute" : "Mute"}
    </button>
  );
}
