import { useSwitchChain } from "wagmi";
import { describeError } from "../lib/describeError.ts";
import type { ReadyApp } from "./App.tsx";

/** The wallet is on another chain than the deployment: one button asks it to switch (or to add the chain). */
export function WrongNetwork({ app, walletChainId }: { app: ReadyApp; walletChainId: number }) {
  const switchChain = useSwitchChain();
  const chain = app.config.chains[0];
  const error = switchChain.error ? describeError(switchChain.error) : null;
  return (
    <main className="centered">
      <section className="panel" role="alert" aria-labelledby="network-title">
        <h1 id="network-title">Wrong network</h1>
        <p>
          Your wallet is on chain {walletChainId}. This Hushlog runs on {chain.name} (chain {chain.id}).
        </p>
        <button type="button" disabled={switchChain.isPending} onClick={() => switchChain.mutate({ chainId: chain.id })}>
          Switch to {chain.name}
        </button>
        {error && (
          <p className="notice error">
            <strong>{error.title}.</strong> {error.title === "Something went wrong" ? error.detail : "Switch the network in your wallet yourself, then come back."}
          </p>
        )}
      </section>
    </main>
  );
}
