import { useBlockedAccounts } from "hushlog/react";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { PeerName } from "./PeerName.tsx";

/** The accounts this one blocked (their logs are dropped unread; they are not told), each with Unblock. */
export function BlockedAccounts() {
  const blocked = useBlockedAccounts();
  if (!blocked.data?.length) return null;
  return (
    <section aria-labelledby="blocked-title">
      <h2 id="blocked-title">Blocked</h2>
      <ErrorNotice error={blocked.unblock.error} />
      <ul className="cards">
        {blocked.data.map((account) => (
          <li key={account} className="card row" aria-label={`Blocked ${account}`}>
            <PeerName address={account} /> <span className="address small">{account}</span>
            <button type="button" className="secondary" disabled={blocked.unblock.isPending} onClick={() => blocked.unblock.mutate({ account })}>
              Unblock
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
