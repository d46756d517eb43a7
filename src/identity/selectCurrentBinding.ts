import type { Hex } from "viem";
import { BINDING_MAX_SEQUENCE_STEP, MAX_BINDING_LIFETIME_SECONDS } from "../constants.ts";
import type { KeyBinding } from "./KeyBinding.ts";

/** A `Binding` log whose binding verified (signature, deployment), with where and when it was published. */
export type PublishedBinding = {
  binding: KeyBinding;
  /** keccak256 of the record bytes: one binding, one hash. */
  hash: Hex;
  blockNumber: bigint;
  logIndex: number;
  /** Unix seconds of the publishing block. */
  blockTime: number;
};

/**
 * The account's current binding from its verified publications, pure and deterministic (docs/protocol.md, "Key
 * bindings"). Publications are taken in chain order; one becomes current when
 * - its sequence is above the current one's, by at most BINDING_MAX_SEQUENCE_STEP (the first: at most the step), so
 *   a replayed older binding, or a second binding with a sequence already used, changes nothing, and a phished
 *   binding can always be outbid by the account; and
 * - it was unexpired when published and claims no more than MAX_BINDING_LIFETIME_SECONDS from its block, so a
 *   signature saved today cannot serve for decades.
 * Returns null when nothing qualified, or when the current binding has expired by `now` (the account must publish a
 * new one; an older binding never comes back).
 *
 * @example
 * const current = selectCurrentBinding(published, Math.floor(Date.now() / 1000));
 */
export function selectCurrentBinding(published: readonly PublishedBinding[], now: number): PublishedBinding | null {
  const current = lastAcceptedBinding(published);
  return current && current.binding.expiresAt > BigInt(now) ? current : null;
}

/**
 * The last publication that became current under the rules above, expired or not: its sequence is the floor a new
 * binding of the account must exceed.
 */
export function lastAcceptedBinding(published: readonly PublishedBinding[]): PublishedBinding | null {
  let current: PublishedBinding | null = null;
  for (const entry of [...published].sort(chainOrder)) {
    const { sequence, expiresAt } = entry.binding;
    const floor = current?.binding.sequence ?? 0n;
    if (sequence <= floor || sequence > floor + BINDING_MAX_SEQUENCE_STEP) continue;
    if (expiresAt <= BigInt(entry.blockTime) || expiresAt > BigInt(entry.blockTime + MAX_BINDING_LIFETIME_SECONDS)) continue;
    current = entry;
  }
  return current;
}

function chainOrder(a: PublishedBinding, b: PublishedBinding): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}
