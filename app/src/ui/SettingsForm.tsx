import { useId, useState, type FormEvent } from "react";
import { MAX_CONFIRMATIONS, parseSettings, settingsToInput, type SettingsInput } from "../boot/AppSettings.ts";
import type { LoadedSettings } from "../boot/loadSettings.ts";
import { clearSavedSettings, writeSavedSettings } from "../boot/savedSettings.ts";

/** Reloads without the query (which would override what was just saved): the wallet setup depends on the chain. */
function restart() {
  if (location.search) location.search = "";
  else location.reload();
}

/** RPC URL, contract, deployment block and confirmations. Saved in this browser; the app restarts with them. */
export function SettingsForm({ loaded, chainId }: { loaded: LoadedSettings; chainId?: number }) {
  const [input, setInput] = useState<Required<SettingsInput>>(() => settingsToInput(loaded.settings));
  const [problems, setProblems] = useState<ReturnType<typeof parseSettings>["problems"]>({});
  const id = useId();
  const field = (name: keyof SettingsInput, label: string, hint: string, extra: { inputMode?: "numeric"; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        value={input[name]}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={`${id}-${name}-hint`}
        onChange={(event) => setInput({ ...input, [name]: event.target.value })}
        {...extra}
      />
      <p id={`${id}-${name}-hint`} className={problems[name] ? "hint error-text" : "hint"}>
        {problems[name] ?? hint}
      </p>
    </div>
  );
  const save = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSettings(input);
    setProblems(parsed.problems);
    if (Object.keys(parsed.problems).length > 0) return;
    if (!parsed.settings.contract) {
      setProblems({ contract: "Enter the Hushlog contract's address." });
      return;
    }
    writeSavedSettings(input);
    restart();
  };
  return (
    <form className="settings" onSubmit={save} aria-label="Settings">
      {field("rpcUrl", "RPC URL", "The JSON-RPC endpoint the app reads the chain through.", { placeholder: "https://…" })}
      {field("contract", "Hushlog contract", "The address of the Hushlog contract on that chain.", { placeholder: "0x…" })}
      {field("deployBlock", "Deployment block", "The block the contract was deployed in: history is read from there (empty: found on chain; 0 reads everything).", {
        inputMode: "numeric",
      })}
      {field("confirmations", "Confirmations", `Blocks on top of a message's block before it shows as confirmed (1 to ${MAX_CONFIRMATIONS}).`, {
        inputMode: "numeric",
      })}
      <div className="field">
        <label>
          <input
            type="checkbox"
            name="prekeys"
            checked={input.prekeys === "on"}
            onChange={(event) => setInput({ ...input, prekeys: event.target.checked ? "on" : "off" })}
          />{" "}
          Reachable while offline (prekeys)
        </label>
        <p className="hint">
          Publishes your prekeys (a transaction about once a week) so people can start a conversation with a first message
          while you are away. Off: every conversation starts with a request you accept.
        </p>
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="ens" checked={input.ens === "on"} onChange={(event) => setInput({ ...input, ens: event.target.checked ? "on" : "off" })} /> ENS names and avatars
        </label>
        <p className="hint">Looked up where the chain in use has ENS, through its RPC, which then learns which accounts you look at.</p>
      </div>
      {field("ensRpcUrl", "Mainnet RPC for ENS names (optional)", "Empty (the default): names only where the chain in use has ENS. Set: names and avatars from Ethereum mainnet; each lookup tells this RPC which addresses you look at.", {
        placeholder: "https://…",
      })}
      <p className="muted small">
        {chainId !== undefined ? `Chain ${chainId}. ` : ""}
        Contract from: {loaded.source === "default" ? "default (the canonical address, the same on every chain)" : loaded.source}.
        {loaded.discovered ? " A local deployment was found (npm start)." : ""}
      </p>
      <div className="row">
        <button type="submit">Save and restart</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            clearSavedSettings();
            restart();
          }}
        >
          {loaded.discovered ? "Use the local deployment" : "Reset to defaults"}
        </button>
      </div>
    </form>
  );
}
