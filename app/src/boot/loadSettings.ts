import { fallbackSettings, parseSettings, type AppSettings, type SettingsInput } from "./AppSettings.ts";
import { readSavedSettings } from "./savedSettings.ts";

export type SettingsSource = "query" | "saved" | "local deployment" | "build" | "default";

export type LoadedSettings = {
  settings: AppSettings;
  /** Where the contract came from (shown on the settings screen). */
  source: SettingsSource;
  /** What the local deployment file says, when the page is served by `npm start`. */
  discovered: SettingsInput | null;
};

/**
 * The settings in force, each field from the first source that has it: the page's query (`?rpc=&contract=
 * &deployBlock=&confirmations=&prekeys=on|off&ens=on|off&ensRegistry=&ensRpc=`, for links), what the person saved, the local deployment (`/deployment.json`, served
 * next to the app by `npm start`), the build's environment (`VITE_HUSHLOG_*`), then the defaults.
 */
export async function loadSettings(): Promise<LoadedSettings> {
  const query = new URLSearchParams(location.search);
  const fromQuery: SettingsInput = {
    rpcUrl: query.get("rpc") ?? undefined,
    contract: query.get("contract") ?? undefined,
    deployBlock: query.get("deployBlock") ?? undefined,
    confirmations: query.get("confirmations") ?? undefined,
    prekeys: query.get("prekeys") ?? undefined,
    ens: query.get("ens") ?? undefined,
    ensRegistry: query.get("ensRegistry") ?? undefined,
    ensRpcUrl: query.get("ensRpc") ?? undefined,
  };
  const discovered = await fetchLocalDeployment();
  const fromBuild: SettingsInput = {
    rpcUrl: import.meta.env.VITE_HUSHLOG_RPC_URL,
    contract: import.meta.env.VITE_HUSHLOG_CONTRACT,
    deployBlock: import.meta.env.VITE_HUSHLOG_DEPLOY_BLOCK,
    confirmations: import.meta.env.VITE_HUSHLOG_CONFIRMATIONS,
    prekeys: import.meta.env.VITE_HUSHLOG_PREKEYS,
    ens: import.meta.env.VITE_HUSHLOG_ENS,
    ensRegistry: import.meta.env.VITE_HUSHLOG_ENS_REGISTRY,
    ensRpcUrl: import.meta.env.VITE_HUSHLOG_ENS_RPC_URL,
  };
  const sources: [SettingsSource, SettingsInput][] = [
    ["query", fromQuery],
    ["saved", readSavedSettings()],
    ["local deployment", discovered ?? {}],
    ["build", fromBuild],
  ];
  const settings: AppSettings = { ...fallbackSettings };
  let source: SettingsSource = "default";
  // Lowest precedence first, so each later source overwrites what it has.
  for (const [name, input] of sources.reverse()) {
    const parsed = parseSettings(input).settings;
    Object.assign(settings, parsed);
    if (parsed.contract) source = name;
  }
  return { settings, source, discovered };
}

/** `npm start` serves the deployment it made at /deployment.json; elsewhere there is none (404). */
async function fetchLocalDeployment(): Promise<SettingsInput | null> {
  try {
    const response = await fetch(new URL("deployment.json", document.baseURI), { cache: "no-store" });
    if (!response.ok) return null;
    const json = (await response.json()) as { rpcUrl?: unknown; address?: unknown; deployBlock?: unknown };
    return {
      rpcUrl: typeof json.rpcUrl === "string" ? json.rpcUrl : undefined,
      contract: typeof json.address === "string" ? json.address : undefined,
      deployBlock: json.deployBlock === undefined ? undefined : String(json.deployBlock),
    };
  } catch {
    return null;
  }
}
