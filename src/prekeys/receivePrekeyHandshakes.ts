import type { Address } from "viem";
import { fetchLogs } from "../chain/fetchLogs.ts";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { wipe } from "../crypto/bytes.ts";
import { BindingRejectedError } from "../errors/clientErrors.ts";
import { PrekeyReusedError } from "../errors/storeErrors.ts";
import { acceptPrekeyHandshake, type AcceptedPrekeyHandshake } from "../handshake/acceptPrekeyHandshake.ts";
import { scanPrekeyHandshakes, type PrekeyCandidate } from "../handshake/scanPrekeyHandshakes.ts";
import type { Identity } from "../identity/Identity.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { findCurrentBinding } from "../identity/findCurrentBinding.ts";
import { getBlock } from "viem/actions";
import { verifyKeyBinding } from "../identity/verifyKeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { PREKEY_HANDSHAKE_TAG } from "../wire/prekeyHandshakePayload.ts";
import { loadOwnPrekeys } from "./loadOwnPrekeys.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

export type ReceivedPrekeyHandshake = AcceptedPrekeyHandshake & { log: HushlogLog };

export type PrekeyHandshakeResults = {
  /** New sessions, committed (triple marked used, plus whatever `commit` wrote) in log order. */
  accepted: ReceivedPrekeyHandshake[];
  /**
   * Ours and valid, but their (prekey, base key) triple was already used: a replay, or a log read again (after a
   * reorg or a crash before the cursor moved). Nothing was written; match them by `position` to what exists.
   */
  duplicates: ReceivedPrekeyHandshake[];
  /** Addressed to us but refused (typed reason). Foreign handshakes appear nowhere. */
  rejected: { log: HushlogLog; error: unknown }[];
};

export type ProcessPrekeyHandshakesOptions = {
  store: HushlogStore;
  identity: Identity;
  chainId: number;
  contract: Address;
  /**
   * True when the initiator's device may speak for its account: its binding verifies and its account's current
   * published binding lists the device. Throw on RPC failure (the caller retries the range).
   */
  verifyBinding: (peer: DeviceBinding, log: HushlogLog) => Promise<boolean>;
  /**
   * Runs inside the store transaction that marks the triple used: write the session (and the first message, the
   * peer's identity...) here, with `tx` only, so that either all of it commits or none of it does.
   */
  commit?: (tx: HushlogStore, handshake: ReceivedPrekeyHandshake) => Promise<void>;
  /** Unix seconds for the ratchet's expiry bookkeeping; default the local clock. */
  now?: number;
};

/**
 * The recipient's side for logs already fetched (`Handshake` logs under PREKEY_HANDSHAKE_TAG, in chain order):
 * scan with every live prekey, accept what is ours, verify each initiator's binding, and commit each new session
 * together with its used triple in one transaction.
 */
export async function processPrekeyHandshakes(logs: readonly HushlogLog[], options: ProcessPrekeyHandshakesOptions): Promise<PrekeyHandshakeResults> {
  const { store, identity, chainId, contract } = options;
  const results: PrekeyHandshakeResults = { accepted: [], duplicates: [], rejected: [] };
  const prekeys = await loadOwnPrekeys(store);
  let candidates: PrekeyCandidate<HushlogLog>[] = [];
  try {
    candidates = await scanPrekeyHandshakes(logs, prekeys);
    for (const candidate of candidates) {
      const { log } = candidate;
      let received: ReceivedPrekeyHandshake;
      try {
        const prekey = prekeys.find((p) => p.id === candidate.prekeyId)!;
        const context = { sender: log.sender, chainId, contract, now: options.now, block: log.blockNumber };
        received = { ...(await acceptPrekeyHandshake(identity, candidate, prekey, context)), log };
      } catch (error) {
        results.rejected.push({ log, error });
        continue;
      }
      if (!(await options.verifyBinding(received.peer, log))) {
        results.rejected.push({ log, error: new BindingRejectedError(received.peer.binding.account) });
        continue;
      }
      try {
        await store.transaction(async (tx) => {
          await tx.markKyberPrekeyUsed(received.prekeyId, received.prekeyId, received.baseKey);
          await options.commit?.(tx, received);
        });
        results.accepted.push(received);
      } catch (error) {
        if (!(error instanceof PrekeyReusedError)) throw error;
        results.duplicates.push(received);
      }
    }
  } finally {
    // Candidates left unprocessed by an error (an RPC failure while verifying a binding) hold secrets too.
    for (const candidate of candidates) wipe(candidate.dh, candidate.box);
    for (const prekey of prekeys) wipe(prekey.signedPrekey.secretKey, prekey.kemSeed);
  }
  return results;
}

/**
 * Fetches the prekey handshakes of [fromBlock, toBlock] with one filter and processes them (see
 * `processPrekeyHandshakes`); each initiator's binding is verified with `verifyKeyBinding` and must be its account's
 * current published binding (`findCurrentBinding`, from `deployBlock`), both on `publicClient`.
 */
export async function receivePrekeyHandshakes(
  publicClient: ReadClient,
  options: Omit<ProcessPrekeyHandshakesOptions, "verifyBinding"> & { fromBlock: bigint; toBlock: bigint; deployBlock?: bigint },
): Promise<PrekeyHandshakeResults> {
  const { logs } = await fetchLogs(publicClient, {
    address: options.contract,
    event: "Handshake",
    tags: [PREKEY_HANDSHAKE_TAG],
    fromBlock: options.fromBlock,
    toBlock: options.toBlock,
  });
  const { chainId, contract } = options;
  const verifyBinding = async (peer: DeviceBinding, log: HushlogLog) => {
    const at = Number((await getBlock(publicClient, { blockNumber: log.blockNumber })).timestamp);
    if (!(await verifyKeyBinding(publicClient, peer.binding, { chainId, contract, at }))) return false;
    const { current } = await findCurrentBinding(publicClient, { account: peer.binding.account, chainId, contract, fromBlock: options.deployBlock ?? 0n });
    const device = peer.binding.devices[peer.device]!;
    return current?.binding.devices.some((d) => d.ed25519 === device.ed25519 && d.x25519 === device.x25519) ?? false;
  };
  return processPrekeyHandshakes(logs, { ...options, verifyBinding });
}
