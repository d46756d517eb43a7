import { useHushlogIdentity } from "hushlog/react";
import { useConnection, useDisconnect } from "wagmi";
import { routeHash } from "../lib/useHashRoute.ts";
import { devWalletType } from "../wallet/devWallet.ts";
import type { ReadyApp } from "./App.tsx";
import { MyAddress } from "./MyAddress.tsx";

export function Header({ app }: { app: ReadyApp }) {
  const connection = useConnection();
  const disconnect = useDisconnect();
  const identity = useHushlogIdentity();
  const chainName = app.config.chains[0].name;
  return (
    <header className="header">
      <a className="brand" href={routeHash({ view: "home" })}>
        Hushlog
      </a>
      <span className="pill chain" title={`RPC ${app.settings.rpcUrl}, contract ${app.settings.contract}`}>
        {chainName} · {app.chain.chainId}
      </span>
      <span className="spacer" />
      {connection.address && <MyAddress address={connection.address} prefix={connection.connector?.type === devWalletType ? `${connection.connector.name} · ` : undefined} />}
      {identity.isSuccess && (
        <button type="button" className="secondary" onClick={() => void identity.lock()}>
          Lock
        </button>
      )}
      {connection.status === "connected" && (
        <button type="button" className="secondary" onClick={() => disconnect.mutate({ connector: connection.connector })}>
          Switch<span className="wide-only"> wallet</span>
        </button>
      )}
      <a className="button secondary" href={routeHash({ view: "settings" })} aria-label="Settings" title="Settings">
        ⚙<span className="wide-only"> Settings</span>
      </a>
    </header>
  );
}
