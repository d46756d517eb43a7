import { useConnect, useConnectors, type Connector } from "wagmi";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { shortAddress } from "../lib/format.ts";
import { devWalletType } from "../wallet/devWallet.ts";
import type { ReadyApp } from "./App.tsx";

const hasInjectedProvider = () => typeof (window as { ethereum?: unknown }).ethereum !== "undefined";

/** Browser wallets (window.ethereum and every EIP-6963 wallet), and on the local chain the node's accounts. */
export function ConnectScreen({ app }: { app: ReadyApp }) {
  const connectors = useConnectors();
  const connect = useConnect();
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  // The generic window.ethereum connector duplicates an announced wallet when there is one.
  const wallets = announced.length > 0 ? announced : connectors.filter((c) => c.id === "injected" && hasInjectedProvider());
  const devWallets = connectors.filter((c) => c.type === devWalletType);
  const button = (connector: Connector, label: string) => (
    <button type="button" key={connector.uid} disabled={connect.isPending} onClick={() => connect.mutate({ connector })}>
      {label}
    </button>
  );
  return (
    <main className="centered">
      <section className="panel" aria-labelledby="connect-title">
        <h1 id="connect-title">Connect a wallet</h1>
        <p>Hushlog is end-to-end encrypted chat between wallets. Your messages travel as encrypted events on the chain: no server sees them.</p>
        <h2>Browser wallet</h2>
        {wallets.length > 0 ? (
          <div className="stack">{wallets.map((c) => button(c, c.id === "injected" ? `Browser wallet (${c.name})` : c.name))}</div>
        ) : (
          <p className="muted">No browser wallet found. Install one (MetaMask, Rabby, Coinbase Wallet…){devWallets.length ? ", or use a developer account below." : "."}</p>
        )}
        {devWallets.length > 0 && (
          <>
            <h2>Developer accounts (local chain only)</h2>
            <p className="muted small">
              The local node's unlocked test accounts: the node signs for them, so they hold no real funds and must never be used elsewhere. To
              chat with yourself, open another browser profile or a private window and pick another account.
            </p>
            <ul className="dev-accounts" aria-label="Developer accounts">
              {devWallets.map((c, index) => (
                <li key={c.uid}>{button(c, `${c.name} · ${shortAddress(app.chain.devAccounts[index]!)}`)}</li>
              ))}
            </ul>
          </>
        )}
        {connect.isPending && <p className="muted">Waiting for your wallet…</p>}
        <ErrorNotice error={connect.error} />
      </section>
    </main>
  );
}
