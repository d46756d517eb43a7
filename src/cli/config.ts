import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress, type Address } from "viem";
import { hushlogAddress } from "../chain/hushlogAddress.ts";
import { badInput, notFound, usageError } from "./errors.ts";

/** Parsed command line: option values by name, positionals after the command. */
export type Flags = Record<string, string | boolean | undefined>;

export type Network = {
  rpc: string;
  contract: Address;
  /** Known from the flags, the config file or the deployment file; otherwise asked from the RPC. */
  chainId: number | undefined;
  /** Given (flags, config, deployment file); otherwise the client finds it on chain and caches it in the store. */
  deployBlock: bigint | undefined;
  confirmations: number | undefined;
  /** Where each value came from, for messages. */
  source: string;
};

/** What `npm start` writes (see scripts/start.ts); only the fields the CLI reads. */
export type DeploymentFile = { chainId: number; address: Address; deployBlock: bigint; rpcUrl: string };

/** The RPC used when nothing names one: where `npm start`, `hardhat node` and anvil listen by default. */
export const defaultRpcUrl = "http://127.0.0.1:8545";

/** The repository root: `npm start` writes `.hushlog/deployment.json` there. */
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const defaultDeploymentFile = join(repoRoot, ".hushlog", "deployment.json");

export function dataDir(flags: Flags, env: NodeJS.ProcessEnv): string {
  const dir = (flags.dir as string | undefined) ?? env.HUSHLOG_HOME ?? join(homedir(), ".hushlog");
  return resolve(dir);
}

/** The deployment file's content, or null when there is none. Malformed content is bad input. */
export function readDeploymentFile(file: string): DeploymentFile | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    const json = JSON.parse(text) as { chainId?: unknown; address?: unknown; deployBlock?: unknown; rpcUrl?: unknown };
    if (typeof json.chainId !== "number" || typeof json.address !== "string" || !isAddress(json.address, { strict: false })) throw new Error();
    if (typeof json.rpcUrl !== "string") throw new Error();
    return { chainId: json.chainId, address: getAddress(json.address), deployBlock: BigInt(String(json.deployBlock ?? 0)), rpcUrl: json.rpcUrl };
  } catch {
    throw badInput(`the deployment file ${file} is not valid (expected { chainId, address, deployBlock, rpcUrl })`);
  }
}

type ConfigFile = { rpc?: string; contract?: string; chainId?: number; deployBlock?: string; confirmations?: number };

function readConfigFile(file: string, explicit: boolean): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    if (explicit) throw notFound(`config file ${file} not found`);
    return {};
  }
  try {
    const json = JSON.parse(text) as ConfigFile;
    if (typeof json !== "object" || json === null) throw new Error();
    return json;
  } catch {
    throw badInput(`the config file ${file} is not valid JSON`);
  }
}

/**
 * The network to use, field by field: flags, then the config file (`--config`, else `<dir>/config.json`), then
 * the deployment file of `npm start`, then the defaults: the canonical contract (`hushlogAddress`) on a local node
 * at http://127.0.0.1:8545. Only formats are checked here; reachability and the contract are checked by the caller
 * before anything is read or written.
 */
export function resolveNetwork(flags: Flags, env: NodeJS.ProcessEnv, dir: string): Network {
  const configPath = (flags.config as string | undefined) ?? join(dir, "config.json");
  const config = readConfigFile(configPath, flags.config !== undefined);
  const deploymentPath = (flags.deployment as string | undefined) ?? env.HUSHLOG_DEPLOYMENT ?? defaultDeploymentFile;
  const deployment = readDeploymentFile(deploymentPath);
  if (!deployment && (flags.deployment !== undefined || env.HUSHLOG_DEPLOYMENT !== undefined)) throw notFound(`deployment file ${deploymentPath} not found`);
  const sources: string[] = [];

  const rpc = (flags.rpc as string | undefined) ?? config.rpc ?? deployment?.rpcUrl ?? defaultRpcUrl;
  // The deployment file describes one node: it says nothing about the chain behind another RPC URL.
  const local = deployment !== null && deployment.rpcUrl === rpc ? deployment : null;
  const contractText = (flags.contract as string | undefined) ?? config.contract ?? local?.address ?? hushlogAddress;
  if (!/^https?:\/\/\S+$/i.test(rpc)) throw badInput(`invalid RPC URL "${rpc}" (expected http:// or https://)`);
  if (!isAddress(contractText, { strict: false })) throw badInput(`invalid contract address "${contractText}"`);
  const contract = getAddress(contractText);

  const fromDeployment = local !== null && local.address === contract;
  const chainIdText = (flags["chain-id"] as string | undefined) ?? config.chainId ?? (fromDeployment ? local.chainId : undefined);
  const chainId = chainIdText === undefined ? undefined : positiveInteger(String(chainIdText), "--chain-id");
  const deployBlockText = (flags["deploy-block"] as string | undefined) ?? config.deployBlock ?? (fromDeployment ? local.deployBlock : undefined);
  const deployBlock = deployBlockText === undefined ? undefined : nonNegativeBigint(String(deployBlockText), "--deploy-block");
  const confirmationsText = (flags.confirmations as string | undefined) ?? config.confirmations;
  const confirmations = confirmationsText === undefined ? undefined : positiveInteger(String(confirmationsText), "--confirmations");

  if (flags.rpc !== undefined || flags.contract !== undefined) sources.push("command line");
  if (config.rpc !== undefined || config.contract !== undefined) sources.push(configPath);
  if (fromDeployment) sources.push(deploymentPath);
  if (sources.length === 0) sources.push("defaults");
  return { rpc, contract, chainId, deployBlock, confirmations, source: sources.join(", ") };
}

/** Records the network flags given to `init` in `<dir>/config.json` (merged into an existing file). */
export function saveNetworkFlags(flags: Flags, dir: string): string | null {
  const given: ConfigFile = {};
  if (flags.rpc !== undefined) given.rpc = flags.rpc as string;
  if (flags.contract !== undefined) given.contract = getAddress(flags.contract as string);
  if (flags["chain-id"] !== undefined) given.chainId = Number(flags["chain-id"]);
  if (flags["deploy-block"] !== undefined) given.deployBlock = String(flags["deploy-block"]);
  if (flags.confirmations !== undefined) given.confirmations = Number(flags.confirmations);
  if (Object.keys(given).length === 0 || flags.config !== undefined) return null;
  const path = join(dir, "config.json");
  const merged = { ...readConfigFile(path, false), ...given };
  writeFileAtomic(path, `${JSON.stringify(merged, null, 2)}\n`, 0o644);
  return path;
}

export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode });
  renameSync(temporary, path);
}

export function positiveInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) throw usageError(`${what} must be a positive integer, got "${text}"`);
  return Number(text);
}

function nonNegativeBigint(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw usageError(`${what} must be a block number, got "${text}"`);
  return BigInt(text);
}

/** The store file of an account in the data directory. */
export const storePath = (dir: string, account: Address) => join(dir, `${account.toLowerCase()}.db`);

/** Accounts with a store in the data directory. */
export function listAccounts(dir: string): Address[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^(0x[0-9a-f]{40})\.db$/.exec(name)?.[1])
    .filter((a): a is string => a !== undefined)
    .map((a) => getAddress(a));
}

/** The account a command acts for: --account / $HUSHLOG_ACCOUNT, else the data directory's only one. */
export function selectAccount(flags: Flags, env: NodeJS.ProcessEnv, dir: string): Address {
  const chosen = (flags.account as string | undefined) ?? env.HUSHLOG_ACCOUNT;
  const accounts = listAccounts(dir);
  if (chosen !== undefined) {
    if (!isAddress(chosen, { strict: false })) throw badInput(`invalid account address "${chosen}"`);
    const account = getAddress(chosen);
    if (!accounts.includes(account)) throw notFound(`no store for ${account} in ${dir}: run \`hushlog init\` (or \`import\`) first`);
    return account;
  }
  if (accounts.length === 0) throw notFound(`no account in ${dir}: run \`hushlog init\` first`);
  if (accounts.length > 1) throw usageError(`${dir} holds ${accounts.length} accounts: choose one with --account (${accounts.join(", ")})`);
  return accounts[0]!;
}
