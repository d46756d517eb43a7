import { useBlockedAccounts, useHandshakeRequests, useKeyChanges, type KeyChangeWarning } from "hushlog/react";
import { shortAddress } from "../lib/format.ts";
import { routeHash } from "../lib/useHashRoute.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { SafetyNumber } from "./SafetyNumber.tsx";

/**
 * Every identity-key change, above whatever screen is open, until the user answers it: a new device or reinstall of
 * the peer, or someone who got its wallet to sign. A change waiting for consent holds its messages until "Accept the
 * new key"; one already in effect (we wrote first and the answer came under a new key) stays until the user says they
 * compared the numbers.
 */
export function KeyChangeWarnings() {
  const { data: warnings, dismiss } = useKeyChanges();
  const requests = useHandshakeRequests();
  const { block } = useBlockedAccounts();
  if (warnings.length === 0) return null;
  return (
    <div className="key-changes">
      <ErrorNotice error={requests.accept.error ?? requests.decline.error ?? block.error} />
      {warnings.map((warning: KeyChangeWarning) => (
        <section key={`${warning.conversationId}-${warning.requestId}`} role="alert" className="banner danger key-change" aria-label={`Key change of ${warning.peer}`}>
          <h2>⚠ The security key of {shortAddress(warning.peer)} changed</h2>
          <p>
            <span className="address">{warning.peer}</span> now writes with a different key. This happens when they set up a new device or reinstall,
            but also when someone got their wallet to sign for keys that are not theirs. Compare the new safety number with them in person or
            over another app before you trust it.
          </p>
          {warning.requestId !== null && <p>Their new messages wait here, unread, until you accept the new key.</p>}
          <div className="safety-pair">
            <SafetyNumber label="Previous safety number" value={warning.previousSafetyNumber} />
            <SafetyNumber label="New safety number" value={warning.newSafetyNumber} />
          </div>
          <div className="row">
            {warning.requestId !== null ? (
              <>
                <button type="button" disabled={requests.accept.isPending} onClick={() => requests.accept.mutate({ requestId: warning.requestId! })}>
                  Accept the new key
                </button>
                <button type="button" className="secondary" disabled={requests.decline.isPending} onClick={() => requests.decline.mutate({ requestId: warning.requestId! })}>
                  Decline
                </button>
                <button type="button" className="secondary danger" disabled={block.isPending} onClick={() => block.mutate({ account: warning.peer })}>
                  Block
                </button>
              </>
            ) : (
              <>
                <a className="button" href={routeHash({ view: "verify", peer: warning.peer })}>
                  Verify
                </a>
                <button type="button" className="secondary" onClick={() => dismiss(warning.conversationId)}>
                  I compared the numbers
                </button>
              </>
            )}
          </div>
        </section>
      ))}
    </div>
  );
}
