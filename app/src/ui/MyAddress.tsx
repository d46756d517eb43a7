import { useState } from "react";
import { getAddress, type Address } from "viem";
import { shortAddress } from "../lib/format.ts";
import { AddressQr } from "./AddressQr.tsx";
import { useEnsProfile } from "../lib/ens/useEnsProfile.ts";
import { PeerFace } from "./PeerFace.tsx";

/**
 * Your own address where people look for it: in the header with your face; a click opens it whole, with Copy and a
 * QR code to show a friend, who starts a conversation with it.
 */
export function MyAddress({ address, prefix }: { address: Address; prefix?: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const full = getAddress(address);
  const ens = useEnsProfile(full);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(full);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <span className="my-address">
      <button type="button" className="pill account" aria-expanded={open} data-testid="account" title={full} onClick={() => setOpen(!open)}>
        <PeerFace address={full} avatar={ens?.avatar} size={18} />
        {prefix}
        {ens?.name ?? shortAddress(full)}
      </button>
      {open && (
        <section className="popover" aria-label="Your address">
          <p className="small muted">Your address: give it to people so they can write to you.</p>
          {ens?.name && <p data-testid="my-ens-name">{ens.name}</p>}
          <p className="address" data-testid="my-address">
            {full}
          </p>
          <div className="row">
            <button type="button" onClick={() => void copy()}>
              Copy address
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          {copied === "yes" && <p role="status" className="small">Copied.</p>}
          {copied === "failed" && <p role="status" className="small error-text">The browser did not allow copying: select the address above.</p>}
          <AddressQr value={`ethereum:${full}`} label={`QR code of ${full}`} />
        </section>
      )}
    </span>
  );
}
