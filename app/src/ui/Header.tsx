import { useHushlogIdentity } from "hushlog/react";
import { useConnection, useDisconnect } from "wagmi";
import { shortAddress } from "../lib/format.ts";
import { routeHash } from "../lib/useHashRoute.ts";
import { devWalletType } from "../wallet/devWallet.ts";
import type { ReadyApp } from "./App.tsx";

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
      <span className="pill" title={`RPC ${app.settings.rpcUrl}, contract ${app.settings.contract}`}>
        {chainName} · {app.chain.chainId}
      </span>
      <span className="spacer" />
      {connection.address && (
        <span className="pill account" title={connection.address} data-testid="account">
          {connection.connector?.type === devWalletType ? `${connection.connector.name} · ` : ""}
          {shortAddress(connection.address)}
        </span>
      )}
      {identity.isSuccess && (
        <button type="button" className="secondary" onClick={() => void identity.lock()}>
          Lock
        </button>
      )}
      {connection.status === "connected" && (
        <button type="button" className="secondary" onClick={() => disconnect.mutate({ connector: connection.connector })}>
          Switch wallet
        </button>
      )}
      <a className="button secondary" href={routeHash({ view: "settings" })}>
        Settings
      </a>
    </header>
  );
}
