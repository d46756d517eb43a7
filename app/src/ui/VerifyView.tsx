import { useSafetyNumber } from "hushlog/react";
import type { Address } from "viem";
import { shortAddress } from "../lib/format.ts";
import { SafetyNumber } from "./SafetyNumber.tsx";

/** The safety number of the conversation with `peer`, to compare with theirs: equal numbers mean nobody sits between. */
export function VerifyView({ peer }: { peer: Address }) {
  const safety = useSafetyNumber(peer);
  return (
    <section className="requests verify" aria-labelledby="verify-title">
      <h1 id="verify-title">Verify {shortAddress(peer)}</h1>
      <p className="address">{peer}</p>
      {safety.isPending ? (
        <p className="muted">Loading…</p>
      ) : safety.data === null || safety.data === undefined ? (
        <p className="muted">You have no conversation with this account yet: there is no safety number to compare.</p>
      ) : (
        <>
          <p>
            Compare this number with the one their app shows for you: side by side, over a call, or read aloud. If every group matches, your
            messages reach their keys and nobody else's. If it differs, do not trust the conversation.
          </p>
          <SafetyNumber label="Safety number" value={safety.data} />
          <p className="muted small">The number changes when either of you changes keys (a new device, a reinstall): compare it again then.</p>
        </>
      )}
    </section>
  );
}
