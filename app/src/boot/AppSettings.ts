import { hushlogAddress } from "hushlog";
import { getAddress, isAddress, type Address } from "viem";
import { ensRegistryAddress } from "../lib/ens/ensRegistryAddress.ts";

/** Where the app reads Hushlog: the one thing a person may need to type to use another chain or deployment. */
export type AppSettings = {
  rpcUrl: string;
  /** Default: the canonical address, the same on every chain (null only if a source explicitly has none). */
  contract: Address | null;
  /** First block that can hold Hushlog logs: sync starts there. Null: found on chain (and cached) by the client. */
  deployBlock: bigint | null;
  /** Blocks on top of a message's block before it shows as confirmed. */
  confirmations: number;
  /**
   * Publish a prekey bundle (a transaction about once a week) so people can start a conversation, with a first
   * message, while you are offline. Off: every conversation starts with a request you accept.
   */
  prekeys: boolean;
  /**
   * ENS names and avatars of the accounts on screen. Each lookup is a few eth_calls naming the account, so the RPC
   * they go to learns whom you look at (the protocol itself avoids telling the RPC whom you follow): off turns them off.
   */
  ens: boolean;
  /** The ENS registry on the chain in use (default: mainnet's address); names are looked up there when it has code. */
  ensRegistry: Address;
  /**
   * A mainnet RPC for ENS names when the chain in use has none. Null (the default): no names. Each lookup tells that
   * RPC which addresses you are looking at.
   */
  ensRpcUrl: string | null;
};

/** Partial settings as each source gives them, as strings (query, storage, env) or JSON values. */
export type SettingsInput = { rpcUrl?: string; contract?: string; deployBlock?: string; confirmations?: string; prekeys?: string; ens?: string; ensRegistry?: string; ensRpcUrl?: string };

export const fallbackSettings: AppSettings = { rpcUrl: "http://127.0.0.1:8545", contract: hushlogAddress, deployBlock: null, confirmations: 2, prekeys: true, ens: true, ensRegistry: ensRegistryAddress, ensRpcUrl: null };

/** Confirmations the settings accept: 1 (its own block) up to 64 (two Ethereum epochs, finality and more). */
export const MAX_CONFIRMATIONS = 64;

/** Validates one source's fields; returns the valid ones and a message per invalid one. */
export function parseSettings(input: SettingsInput): { settings: Partial<AppSettings>; problems: Partial<Record<keyof AppSettings, string>> } {
  const settings: Partial<AppSettings> = {};
  const problems: Partial<Record<keyof AppSettings, string>> = {};
  const rpcUrl = input.rpcUrl?.trim();
  if (rpcUrl) {
    if (/^(https?|wss?):\/\//i.test(rpcUrl)) settings.rpcUrl = rpcUrl;
    else problems.rpcUrl = "The RPC URL starts with http://, https://, ws:// or wss://.";
  }
  const contract = input.contract?.trim();
  if (contract) {
    if (isAddress(contract, { strict: false })) settings.contract = getAddress(contract);
    else problems.contract = "The contract is a 0x address of 40 hex digits.";
  }
  const deployBlock = input.deployBlock?.trim();
  if (deployBlock) {
    if (/^\d+$/.test(deployBlock)) settings.deployBlock = BigInt(deployBlock);
    else problems.deployBlock = "The deployment block is a block number (0 if you do not know it).";
  }
  const confirmations = input.confirmations?.trim();
  if (confirmations) {
    const n = Number(confirmations);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_CONFIRMATIONS) settings.confirmations = n;
    else problems.confirmations = `Confirmations are a whole number from 1 to ${MAX_CONFIRMATIONS}.`;
  }
  const prekeys = input.prekeys?.trim().toLowerCase();
  if (prekeys) {
    if (prekeys === "on" || prekeys === "off") settings.prekeys = prekeys === "on";
    else problems.prekeys = "Prekeys are on or off.";
  }
  const ens = input.ens?.trim().toLowerCase();
  if (ens) {
    if (ens === "on" || ens === "off") settings.ens = ens === "on";
    else problems.ens = "ENS names are on or off.";
  }
  const ensRegistry = input.ensRegistry?.trim();
  if (ensRegistry) {
    if (isAddress(ensRegistry, { strict: false })) settings.ensRegistry = getAddress(ensRegistry);
    else problems.ensRegistry = "The ENS registry is a 0x address of 40 hex digits.";
  }
  const ensRpcUrl = input.ensRpcUrl?.trim();
  if (ensRpcUrl) {
    if (/^https?:\/\//i.test(ensRpcUrl)) settings.ensRpcUrl = ensRpcUrl;
    else problems.ensRpcUrl = "The mainnet RPC URL starts with http:// or https://.";
  }
  return { settings, problems };
}

export function settingsToInput(settings: AppSettings): Required<SettingsInput> {
  return {
    rpcUrl: settings.rpcUrl,
    contract: settings.contract ?? "",
    deployBlock: settings.deployBlock?.toString() ?? "",
    confirmations: String(settings.confirmations),
    prekeys: settings.prekeys ? "on" : "off",
    ens: settings.ens ? "on" : "off",
    ensRegistry: settings.ensRegistry,
    ensRpcUrl: settings.ensRpcUrl ?? "",
  };
}
