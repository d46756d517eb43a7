import { useEffect, useState } from "react";
import type { Address } from "viem";
import type { Config } from "wagmi";
import type { AppSettings } from "../boot/AppSettings.ts";
import { loadSettings, type LoadedSettings } from "../boot/loadSettings.ts";
import { probeChain, ProbeError, type ChainInfo } from "../boot/probeChain.ts";
import { createAppWagmiConfig } from "../wallet/createAppWagmiConfig.ts";
import { Providers } from "./Providers.tsx";
import { SettingsForm } from "./SettingsForm.tsx";
import { Shell } from "./Shell.tsx";

export type ReadyApp = { loaded: LoadedSettings; settings: AppSettings & { contract: Address }; chain: ChainInfo; config: Config };

type Boot =
  | { phase: "loading" }
  | { phase: "needs-settings"; loaded: LoadedSettings }
  | { phase: "error"; loaded: LoadedSettings; error: unknown }
  | ({ phase: "ready" } & ReadyApp);

/** Reads the settings, asks the RPC which chain it serves and checks the contract, then starts the app. */
export function App() {
  const [boot, setBoot] = useState<Boot>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    void (async () => {
      const loaded = await loadSettings();
      const { contract } = loaded.settings;
      if (!contract) {
        if (current) setBoot({ phase: "needs-settings", loaded });
        return;
      }
      const settings = { ...loaded.settings, contract };
      try {
        const chain = await probeChain(settings);
        if (current) setBoot({ phase: "ready", loaded, settings, chain, config: createAppWagmiConfig(settings, chain) });
      } catch (error) {
        if (current) setBoot({ phase: "error", loaded, error });
      }
    })();
    return () => {
      current = false;
    };
  }, [attempt]);

  if (boot.phase === "loading") {
    return (
      <main className="centered" aria-busy="true">
        <p className="muted">Connecting to the chain…</p>
      </main>
    );
  }
  if (boot.phase === "ready") {
    return (
      <Providers app={boot}>
        <Shell app={boot} />
      </Providers>
    );
  }
  const problem = boot.phase === "error" && boot.error instanceof ProbeError ? boot.error : null;
  return (
    <main className="centered">
      <section className="panel" aria-labelledby="boot-title">
        <h1 id="boot-title">{boot.phase === "needs-settings" ? "Where is Hushlog?" : problem?.problem === "no-contract" ? "No Hushlog contract here" : "Can't reach the chain"}</h1>
        {boot.phase === "needs-settings" ? (
          <p>Enter the RPC URL of the chain and the address of the Hushlog contract on it.</p>
        ) : (
          <div role="alert" className="notice error">
            <p>{problem ? problem.message : String(boot.error)}</p>
            <p>{problem?.problem === "no-contract" ? "Check the contract address (and that the RPC serves the right chain)." : "Check that the node is running (npm start runs one), or change the RPC URL below."}</p>
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}
        <SettingsForm loaded={boot.loaded} />
      </section>
    </main>
  );
}
