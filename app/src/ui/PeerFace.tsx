import { useState } from "react";
import { Identicon } from "./Identicon.tsx";

/**
 * An account's face: its ENS avatar when it has one, else (and when the image fails to load) its identicon.
 * Decorative, like the identicon. No referrer: the avatar's host learns the page's IP address when it is shown, not
 * which app or conversation shows it.
 */
export function PeerFace({ address, avatar, size = 28 }: { address: string; avatar: string | null | undefined; size?: number }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!avatar || failed === avatar) return <Identicon address={address} size={size} />;
  return (
    <img
      className="identicon avatar"
      src={avatar}
      width={size}
      height={size}
      alt=""
      aria-hidden="true"
      loading="lazy"
      referrerPolicy="no-referrer"
      onError={() => setFailed(avatar)}
    />
  );
}
