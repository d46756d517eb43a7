import { useHushlogIdentity } from "hushlog/react";
import { useEffect } from "react";
import { useConnection } from "wagmi";
import { rememberAccount } from "../lib/knownAccounts.ts";
import { useHashRoute } from "../lib/useHashRoute.ts";
import type { ReadyApp } from "./App.tsx";
import { ChatLayout } from "./ChatLayout.tsx";
import { ConnectScreen } from "./ConnectScreen.tsx";
import { Header } from "./Header.tsx";
import { HistoryTransferPanel } from "./HistoryTransferPanel.tsx";
import { IdentityScreen } from "./IdentityScreen.tsx";
import { ReceiptsSetting } from "./ReceiptsSetting.tsx";
import { SettingsForm } from "./SettingsForm.tsx";
import { WrongNetwork } from "./WrongNetwork.tsx";

/** Header, then the first step that is not done yet: wallet, network, identity; then the chats. */
export function Shell({ app }: { app: ReadyApp }) {
  const connection = useConnection();
  const identity = useHushlogIdentity();
  const [route, navigate] = useHashRoute();
  const account = identity.data?.account;
  useEffect(() => {
    if (account) rememberAccount(app.chain.storeName, account);
  }, [account, app.chain.storeName]);

  let body;
  if (route.view === "settings") {
    body = (
      <main className="centered">
        <section className="panel" aria-labelledby="settings-title">
          <h1 id="settings-title">Settings</h1>
          <ReceiptsSetting />
          <SettingsForm loaded={app.loaded} chainId={app.chain.chainId} />
          <HistoryTransferPanel />
          <button type="button" className="link" onClick={() => history.back()}>
            Back
          </button>
        </section>
      </main>
    );
  } else if (connection.status === "reconnecting") {
    body = (
      <main className="centered" aria-busy="true">
        <p className="muted">Connecting your wallet…</p>
      </main>
    );
  } else if (connection.status !== "connected" || !connection.address) {
    body = <ConnectScreen app={app} />;
  } else if (connection.chainId !== app.chain.chainId) {
    body = <WrongNetwork app={app} walletChainId={connection.chainId} />;
  } else if (!identity.isSuccess) {
    body = <IdentityScreen app={app} account={connection.address} />;
  } else {
    body = <ChatLayout app={app} route={route} navigate={navigate} />;
  }
  return (
    <div className="app">
      <Header app={app} />
      {body}
    </div>
  );
}
