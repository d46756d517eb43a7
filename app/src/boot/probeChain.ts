import { assertHushlogDeployed } from "hushlog";
import { createClient, http, type Address, type PublicClient } from "viem";
import { getBlock, getChainId } from "viem/actions";
import type { AppSettings } from "./AppSettings.ts";

/** What the app learns from the RPC before it builds the wallet configuration. */
export type ChainInfo = {
  chainId: number;
  /**
   * Names the deployment's local database: the chain, the contract and the hash of its deployment block. A local
   * chain restarted with the contract at the same address is another chain: it gets a fresh database instead of
   * the old chain's sessions and sync position.
   */
  storeName: string;
  /** The node's unlocked accounts, on the local Hardhat chain only (the developer wallet picker). */
  devAccounts: Address[];
};

/** Hardhat's chain id: the only chain where the app offers the node's unlocked accounts as wallets. */
export const LOCAL_CHAIN_ID = 31337;
/** Unlocked accounts the developer picker lists (Hardhat has 20; two people or a few tabs need far fewer). */
const MAX_DEV_ACCOUNTS = 10;
/** How long the RPC gets to answer at start-up before the app says it is down. */
const PROBE_TIMEOUT_MS = 8_000;

export type ProbeProblem = "rpc-down" | "no-contract";

export class ProbeError extends Error {
  override name = "ProbeError";
  readonly problem: ProbeProblem;
  constructor(problem: ProbeProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

/** Asks the RPC for its chain, checks that the contract is Hushlog there, and lists the dev accounts if local. */
export async function probeChain(settings: AppSettings & { contract: Address }): Promise<ChainInfo> {
  // A bare client and the two actions it needs: createPublicClient's full action set cost the app 28 kB gzip.
  const client = createClient({ transport: http(settings.rpcUrl, { retryCount: 1, timeout: PROBE_TIMEOUT_MS }) }) as unknown as PublicClient;
  let chainId: number;
  try {
    chainId = await getChainId(client);
  } catch (error) {
    throw new ProbeError("rpc-down", `The RPC at ${settings.rpcUrl} does not answer.`, { cause: error });
  }
  try {
    await assertHushlogDeployed(client, settings.contract);
  } catch (error) {
    if ((error as { code?: string }).code !== "CHAIN_CONTRACT_NOT_FOUND") {
      throw new ProbeError("rpc-down", `The RPC at ${settings.rpcUrl} does not answer.`, { cause: error });
    }
    throw new ProbeError("no-contract", `There is no Hushlog contract at ${settings.contract} on chain ${chainId}.`, { cause: error });
  }
  // The deployment block's hash, or genesis's when the client is to find the block: either tells a restarted local
  // chain from the one before.
  const block = await getBlock(client, { blockNumber: settings.deployBlock ?? 0n }).catch(() => null);
  const storeName = ["hushlog", chainId, settings.contract.toLowerCase(), block?.hash.slice(2, 14) ?? "unknown"].join("-");
  let devAccounts: Address[] = [];
  if (chainId === LOCAL_CHAIN_ID) {
    // A public client's request type lists only public methods; eth_accounts is a wallet method the node answers too.
    const accounts = await client.request({ method: "eth_accounts" } as never).catch(() => []);
    devAccounts = (accounts as Address[]).slice(0, MAX_DEV_ACCOUNTS);
  }
  return { chainId, storeName, devAccounts };
}
