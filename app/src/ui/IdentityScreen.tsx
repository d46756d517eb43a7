import { useHushlogIdentity } from "hushlog/react";
import { useState } from "react";
import { parseEther, type Address } from "viem";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { isKnownAccount } from "../lib/knownAccounts.ts";
import type { ReadyApp } from "./App.tsx";

/** First visit: create the identity (the wallet signs, nothing is sent). Later visits: unlock this browser's copy. */
export function IdentityScreen({ app, account }: { app: ReadyApp; account: Address }) {
  const identity = useHushlogIdentity();
  const known = isKnownAccount(app.chain.storeName, account);
  const [fund, setFund] = useState(false);
  const [amount, setAmount] = useState("0.01");
  let wei: bigint | null = null;
  try {
    wei = parseEther(amount);
  } catch {
    wei = null;
  }
  const funding = !known && fund && wei !== null && wei > 0n ? wei : undefined;
  return (
    <main className="centered">
      <section className="panel" aria-labelledby="identity-title">
        {known ? (
          <>
            <h1 id="identity-title">Unlock your messages</h1>
            <p>
              Your wallet will ask for your identity signature again, to open the encrypted copy of your messages in this browser. It costs
              nothing and sends no transaction.
            </p>
          </>
        ) : (
          <>
            <h1 id="identity-title">Create your Hushlog identity</h1>
            <p>
              <strong>This signature creates your encryption keys. It costs nothing and sends no transaction.</strong>
            </p>
            <p>Your wallet shows two signature requests, this once:</p>
            <ol className="steps">
              <li>
                <strong>Create your keys:</strong> the key that keeps your messages encrypted in this browser is made from this signature; this
                browser's own message keys are made here and never leave it.
              </li>
              <li>
                <strong>Link this browser to your account:</strong> your wallet signs the list of your devices, this browser added to the ones
                you already use; people you write to check with it that the keys are yours.
              </li>
            </ol>
            <label className="row">
              <input type="checkbox" checked={fund} onChange={(event) => setFund(event.target.checked)} />
              Also fund this browser's sending key (one more wallet transaction), so that messages go out with no wallet prompt
            </label>
            {fund && (
              <label>
                Amount (ETH)
                <input inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
              </label>
            )}
          </>
        )}
        <button
          type="button"
          onClick={() => void identity.unlockAsync(funding === undefined ? undefined : { fund: funding }).catch(() => {})}
          disabled={identity.isPending || (fund && funding === undefined && !known)}
          aria-describedby={identity.error ? "identity-error" : undefined}
        >
          {identity.isPending ? "Waiting for your wallet…" : known ? "Unlock" : "Create identity"}
        </button>
        <ErrorNotice error={identity.error} id="identity-error" />
      </section>
    </main>
  );
}
