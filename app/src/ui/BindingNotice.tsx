import { useKeyBinding } from "hushlog/react";
import { ErrorNotice } from "./ErrorNotice.tsx";

const day = (seconds: bigint) => new Date(Number(seconds) * 1000).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });

/**
 * Where this browser's key binding stands against the chain, when the user must act: the account's newest binding
 * no longer lists this browser (nothing can be sent; re-authorising revokes the devices that binding listed), or ours
 * expires soon (renew before peers stop accepting it). Both are one wallet signature and one transaction.
 */
export function BindingNotice() {
  const { data, renew, reauthorize } = useKeyBinding();
  if (data.status === "not-authorized") {
    return (
      <section role="alert" className="banner danger" aria-labelledby="binding-title">
        <h2 id="binding-title">This browser can no longer write as your account</h2>
        <p>
          Your account published a newer key binding (number {String(data.sequence)}) that lists {data.devices === 1 ? "another device" : `${data.devices ?? "other"} devices`}{" "}
          and not this browser. If you did that on another device, you can stop here. If you did not, someone may have got your wallet to sign
          for their keys: authorise this browser again. It signs a new binding that lists only this browser, which revokes every other
          device, and publishes it (one transaction).
        </p>
        <ErrorNotice error={reauthorize.error} />
        <button type="button" disabled={reauthorize.isPending} onClick={() => reauthorize.mutate()}>
          {reauthorize.isPending ? "Waiting for your wallet…" : "Authorise this browser again"}
        </button>
      </section>
    );
  }
  if (data.renewalDue && data.expiresAt !== null) {
    return (
      <section role="status" className="banner warning" aria-labelledby="renew-title">
        <h2 id="renew-title">Your key binding expires on {day(data.expiresAt)}</h2>
        <p>After that, people can no longer start conversations with this browser. Renewing signs a new one for a year and publishes it (one transaction).</p>
        <ErrorNotice error={renew.error} />
        <button type="button" disabled={renew.isPending} onClick={() => renew.mutate()}>
          {renew.isPending ? "Waiting for your wallet…" : "Renew"}
        </button>
      </section>
    );
  }
  return null;
}
