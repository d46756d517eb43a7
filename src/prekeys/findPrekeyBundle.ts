import type { Address } from "viem";
import { fetchNewestLog } from "../chain/fetchNewestLog.ts";
import type { RetryOptions } from "../chain/withRpcRetry.ts";
import { PrekeyBundleBindingError } from "../errors/prekeyErrors.ts";
import { openPrekeyBundle } from "../handshake/openPrekeyBundle.ts";
import type { PrekeyBundle } from "../handshake/PrekeyBundle.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { verifyKeyBinding } from "../identity/verifyKeyBinding.ts";
import type { ReadClient } from "../chain/ReadClient.ts";
import { accountTopic } from "../chain/accountTopic.ts";

/**
 * `account`'s current prekey bundle, or null when it has none (then use the interactive handshake). One log filter
 * (`Prekeys` under the declared account, topic1), searched backwards from the head: the newest VALID bundle wins.
 * Anyone can post a record under any account, so a bundle that does not open (bad signature, another account's
 * binding, a binding its account never signed: each reported through `onInvalid`) is passed over instead of hiding
 * the owner's real one. An RPC failure throws (retry later; it never reads as "no bundle").
 *
 * With `decoys`, the filter names them too, all sorted (issue 18): the RPC sees one of decoys + 1 accounts, not whom
 * we are about to contact. Their bundles come back in the same requests and are passed over unopened (no more
 * requests; more bytes).
 *
 * A re-post of the owner's own OLDER bundle would be valid and newer on chain; the owner answers it by publishing
 * its current bundle again (it watches its own account's records), so it wins within one sync pass.
 */
export async function findPrekeyBundle(
  publicClient: ReadClient,
  options: {
    account: Address;
    chainId: number;
    contract: Address;
    fromBlock: bigint;
    decoys?: readonly Address[];
    /** Checks the owner's binding (default `verifyKeyBinding`); the client hides RPC checks among cover checks. */
    verify?: (binding: KeyBinding) => Promise<boolean>;
    retry?: RetryOptions;
    signal?: AbortSignal;
    onInvalid?: (error: unknown) => void;
    /**
     * Whether the bundle's device may be written to (the client: its account's current binding lists it). A bundle
     * of another device is passed over for an older one: a device revoked after publishing the newest bundle must
     * not turn first contacts to its account into interactive requests every remaining device could answer.
     */
    acceptOwner?: (owner: PrekeyBundle["owner"]) => Promise<boolean>;
  },
): Promise<PrekeyBundle | null> {
  const { account, chainId, contract } = options;
  let found: PrekeyBundle | null = null;
  const target = accountTopic(account);
  await fetchNewestLog(publicClient, {
    address: contract,
    event: "Prekeys",
    tags: [account, ...(options.decoys ?? [])].map(accountTopic).sort(),
    fromBlock: options.fromBlock,
    retry: options.retry,
    signal: options.signal,
    accept: async (log) => {
      if (log.tag.toLowerCase() !== target) return false;
      try {
        const bundle = await openPrekeyBundle(log.payload, { account, chainId, contract });
        const verify = options.verify ?? ((binding: KeyBinding) => verifyKeyBinding(publicClient, binding, { chainId, contract }));
        if (!(await verify(bundle.owner.binding))) throw new PrekeyBundleBindingError(bundle.account);
        if (options.acceptOwner && !(await options.acceptOwner(bundle.owner))) return false;
        found = bundle;
        return true;
      } catch (error) {
        // An RPC failure is not the bundle's fault: stop and let the caller retry.
        if (!(error as { code?: string }).code?.startsWith("PREKEY_") && !(error as { code?: string }).code?.startsWith("WIRE_")) throw error;
        options.onInvalid?.(error);
        return false;
      }
    },
  });
  return found;
}
