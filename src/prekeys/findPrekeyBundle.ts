import type { Address } from "viem";
import { fetchNewestLog } from "../chain/fetchNewestLog.ts";
import type { RetryOptions } from "../chain/withRpcRetry.ts";
import { PrekeyBundleBindingError } from "../errors/prekeyErrors.ts";
import { openPrekeyBundle } from "../handshake/openPrekeyBundle.ts";
import type { PrekeyBundle } from "../handshake/PrekeyBundle.ts";
import { verifyKeyBinding } from "../identity/verifyKeyBinding.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

/**
 * `account`'s current prekey bundle, or null when it has never published one (then use the interactive
 * handshake). One log filter (`Prekeys`, account = topic1), searched backwards from the head: the newest log
 * wins. That log must be valid: a bundle with a bad signature, another account's binding or a binding that does
 * not verify throws its typed error rather than falling back to an older bundle, whose secrets its owner may
 * already have deleted. An RPC failure throws too (retry later; it never reads as "no bundle").
 */
export async function findPrekeyBundle(
  publicClient: ReadClient,
  options: { account: Address; chainId: number; contract: Address; fromBlock: bigint; retry?: RetryOptions; signal?: AbortSignal },
): Promise<PrekeyBundle | null> {
  const { account, chainId, contract } = options;
  const log = await fetchNewestLog(publicClient, {
    address: contract,
    event: "Prekeys",
    senders: [account],
    fromBlock: options.fromBlock,
    retry: options.retry,
    signal: options.signal,
  });
  if (!log) return null;
  const bundle = await openPrekeyBundle(log.payload, { account: log.sender, chainId, contract });
  if (!(await verifyKeyBinding(publicClient, bundle.binding, { chainId, contract }))) throw new PrekeyBundleBindingError(bundle.account);
  return bundle;
}
