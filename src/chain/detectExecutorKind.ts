import { getCapabilities } from "viem/actions";
import type { Address, Client } from "viem";
import type { ExecutorKind } from "./Executor.ts";

// Per wallet client, per account and chain: capabilities do not change within a session, and asking again
// would cost a wallet round trip (a popup for some wallets) per executor.
const cache = new WeakMap<object, Map<string, Promise<ExecutorKind>>>();

/**
 * `eip5792` when `wallet_getCapabilities` says the account can batch atomically on `chainId` (EIP-5792
 * `atomic.status === "supported"`, or the pre-2.0 `atomicBatch.supported`), else `eoa` — including when the
 * wallet does not know the method or fails to answer, since `eoa` works with every wallet.
 *
 * `atomic.status === "ready"` (the wallet could upgrade the account, e.g. with EIP-7702, after asking the
 * user) counts as `eoa`: an upgrade prompt in the middle of sending a message would surprise users. Pass
 * `kind: "eip5792"` to createExecutor to opt in.
 */
export function detectExecutorKind(walletClient: Client, { account, chainId }: { account: Address; chainId: number }): Promise<ExecutorKind> {
  let perClient = cache.get(walletClient);
  if (!perClient) cache.set(walletClient, (perClient = new Map()));
  const key = `${account.toLowerCase()}:${chainId}`;
  let kind = perClient.get(key);
  if (!kind) {
    kind = probe(walletClient, account, chainId);
    perClient.set(key, kind);
  }
  return kind;
}

async function probe(walletClient: Client, account: Address, chainId: number): Promise<ExecutorKind> {
  try {
    const capabilities = (await getCapabilities(walletClient, { account, chainId })) as
      | { atomic?: { status?: string }; atomicBatch?: { supported?: boolean } }
      | undefined;
    if (capabilities?.atomic?.status === "supported" || capabilities?.atomicBatch?.supported === true) return "eip5792";
    return "eoa";
  } catch {
    // Not an EIP-5792 wallet (method not found / not supported), or it would not say: plain transactions.
    return "eoa";
  }
}
