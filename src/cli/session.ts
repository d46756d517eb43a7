import { existsSync } from "node:fs";
import { bytesToHex, createPublicClient, createWalletClient, defineChain, http, type Address, type Chain, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  assertHushlogDeployed,
  ContractNotFoundError,
  createHushlogClient,
  createKeyBinding,
  hushlogAddress,
  type HushlogClient,
  type HushlogStore,
  type KeyBinding,
} from "../index.ts";
import { createSqliteStore } from "../sqlite.ts";
import { decodeAccountRecord, encodeAccountRecord, findBinding, type AccountRecord } from "./accountRecord.ts";
import { BINDING_RENEW_BEFORE_SECONDS } from "../constants.ts";
import { chainBinding } from "./chainBinding.ts";
import { dataDir, resolveNetwork, selectAccount, storePath, type Flags, type Network } from "./config.ts";
import { CliError, exitCodes, oneLine } from "./errors.ts";
import { kdfParams, storePassphrase } from "./secrets.ts";

/** The local dev chains (Hardhat, Anvil): one confirmation is enough there. */
const devChainId = 31337;

export type Connected = Network & { chainId: number; chain: Chain; publicClient: PublicClient };

export function chainFor(chainId: number, rpc: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === devChainId ? "Local dev chain" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
}

/**
 * Checks, before anything is read or written, that the RPC answers, is on the expected chain, and holds the
 * Hushlog contract. Each failure is one line and its own exit code (4 unreachable, 5 wrong chain or no contract).
 */
export async function connect(network: Network, options: { checkContract?: boolean } = {}): Promise<Connected> {
  const probe = createPublicClient({ transport: http(network.rpc, { retryCount: 0, timeout: 10_000 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    const hint = network.source === "defaults" ? " (the default local node: run `npm start` or `hardhat node`, or pass --rpc)" : "";
    throw new CliError(exitCodes.network, `cannot reach the RPC at ${network.rpc}: ${reason(error)}${hint}`);
  }
  if (network.chainId !== undefined && network.chainId !== chainId) {
    throw new CliError(exitCodes.notFound, `the RPC at ${network.rpc} is on chain ${chainId}, but chain ${network.chainId} is expected (--chain-id / config)`);
  }
  const chain = chainFor(chainId, network.rpc);
  // No block-number cache: a sync right after a send (send --wait, the demo) must see the new head.
  const publicClient = createPublicClient({ chain, transport: http(network.rpc), pollingInterval: 1_000, cacheTime: 0 }) as PublicClient;
  if (options.checkContract !== false) {
    try {
      await assertHushlogDeployed(publicClient, network.contract);
    } catch (error) {
      if (error instanceof ContractNotFoundError) {
        throw new CliError(
          exitCodes.notFound,
          network.contract === hushlogAddress
            ? `the canonical Hushlog contract (${hushlogAddress}) is not on chain ${chainId} (${network.rpc}): deploy it with \`hushlog deploy\`, or pass --contract for a private deployment`
            : `no Hushlog contract at ${network.contract} on chain ${chainId} (${network.rpc}): check --contract and --rpc, or run \`npm start\` for a local chain`,
        );
      }
      throw new CliError(exitCodes.network, `cannot read the contract through ${network.rpc}: ${reason(error)}`);
    }
  }
  return { ...network, chainId, chain, publicClient };
}

function reason(error: unknown): string {
  const e = error as { shortMessage?: string; details?: string; message?: string; cause?: { code?: string } };
  const details = e?.details ?? "";
  if (/ECONNREFUSED|fetch failed/i.test(details) || /ECONNREFUSED/.test(String(e?.cause?.code))) return "connection refused";
  return oneLine(e?.shortMessage ?? e?.message ?? String(error));
}

export type OpenedAccount = {
  dir: string;
  account: Address;
  path: string;
  store: HushlogStore;
  record: AccountRecord;
  close: () => Promise<void>;
};

/** Opens the selected account's store with the passphrase and reads its account record. */
export async function openAccount(flags: Flags, env: NodeJS.ProcessEnv): Promise<OpenedAccount> {
  const dir = dataDir(flags, env);
  const account = selectAccount(flags, env, dir);
  const path = storePath(dir, account);
  if (!existsSync(`${path}.keyparams.json`)) throw new CliError(exitCodes.notFound, `the store ${path} is incomplete (no key parameters file)`);
  const passphrase = await storePassphrase(flags, env);
  const store = await createSqliteStore({ path, passphrase, account: account.toLowerCase(), kdf: kdfParams(env) });
  try {
    const bytes = await store.load();
    if (!bytes) throw new CliError(exitCodes.notFound, `the store ${path} holds no account: run \`hushlog init\` again`);
    const record = decodeAccountRecord(bytes);
    bytes.fill(0);
    return { dir, account, path, store, record, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * The binding for this deployment: the stored one, or a new one signed now with the wallet key (none stored yet, or
 * the stored one expires within BINDING_RENEW_BEFORE_SECONDS: a renewal, the devices the chain lists, next sequence)
 * and saved.
 * The client publishes it. A binding replaced on chain by one that does not list this machine is NOT re-signed here:
 * the client refuses to send and says why (the user decides whether to re-authorise: `hushlog init --reauthorize`).
 */
export async function bindingFor(
  opened: OpenedAccount,
  network: { chainId: number; contract: Address; deployBlock: bigint | undefined; publicClient: PublicClient },
): Promise<KeyBinding> {
  const { chainId, contract } = network;
  const found = findBinding(opened.record, chainId, contract);
  const now = Math.floor(Date.now() / 1000);
  if (found && found.expiresAt - BigInt(now) > BigInt(BINDING_RENEW_BEFORE_SECONDS)) return found;
  const wallet = walletAccount(opened.record);
  const { current, nextSequence } = await chainBinding(network.publicClient, { account: wallet.address, chainId, contract, deployBlock: network.deployBlock });
  // A renewal renews the account's device list as the chain has it when that list still names this device: the one
  // stored here may predate a device linked or revoked elsewhere, and re-signing it would undo that change.
  const ours = bytesToHex(opened.record.identity.ed25519.publicKey);
  const list = current?.devices.some((d) => d.ed25519.toLowerCase() === ours) ? current : found;
  const binding = await createKeyBinding(opened.record.identity, {
    signTypedData: (typedData) => wallet.signTypedData(typedData),
    chainId,
    contract,
    sequence: nextSequence,
    devices: list?.devices,
    delegates: list?.delegates,
    now,
  });
  opened.record = { ...opened.record, bindings: [...opened.record.bindings.filter((b) => b !== found), binding] };
  await opened.store.save(encodeAccountRecord(opened.record));
  return binding;
}

export function walletAccount(record: AccountRecord) {
  if (!record.walletKey) throw new CliError(exitCodes.notFound, "this store holds no wallet key: import the backup again with a key source");
  return privateKeyToAccount(record.walletKey as Hex);
}

export type ClientSession = OpenedAccount & { network: Connected; client: HushlogClient; binding: KeyBinding; newClient: () => HushlogClient };

/**
 * Everything a command needs: the network checked (or, offline, just its chain id), the account opened, the
 * binding for the deployment, and a client over the store. Network checks come before the passphrase, so a bad
 * RPC or contract fails fast and touches nothing.
 */
export async function openClient(flags: Flags, env: NodeJS.ProcessEnv, options: { offline?: boolean } = {}): Promise<ClientSession> {
  const dir = dataDir(flags, env);
  selectAccount(flags, env, dir);
  const network = resolveNetwork(flags, env, dir);
  const connected: Connected =
    options.offline && network.chainId !== undefined
      ? {
          ...network,
          chainId: network.chainId,
          chain: chainFor(network.chainId, network.rpc),
          publicClient: createPublicClient({ chain: chainFor(network.chainId, network.rpc), transport: http(network.rpc) }) as PublicClient,
        }
      : await connect(network, { checkContract: !options.offline });
  const opened = await openAccount(flags, env);
  try {
    const binding = await bindingFor(opened, connected);
    const walletClient = createWalletClient({ account: walletAccount(opened.record), chain: connected.chain, transport: http(connected.rpc) });
    const newClient = () =>
      createHushlogClient({
        publicClient: connected.publicClient,
        walletClient,
        contract: connected.contract,
        identity: opened.record.identity,
        binding,
        store: opened.store,
        deployBlock: connected.deployBlock,
        // Unset: the library's per-chain default (chainFinality), so the CLI and an app agree on every chain.
        confirmations: connected.confirmations,
        executor: "eoa",
        pollingInterval: 1_000,
      });
    const client = newClient();
    return {
      ...opened,
      network: connected,
      client,
      binding,
      newClient,
      close: async () => {
        await client.close().catch(() => {});
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
