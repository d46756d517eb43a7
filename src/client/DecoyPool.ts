import { bytesToHex, getAddress, hexToBytes, isAddressEqual, type Address } from "viem";
import { DECOY_POOL_MAX } from "../constants.ts";
import type { RandomSource } from "../crypto/random.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";

/**
 * The accounts that published a `Binding` on chain, from which targeted look-ups draw their decoys (issue 18):
 * fed with every Binding log the sync engine reads (it reads them all, unfiltered), kept in the store's best-effort
 * cache so a restarted client still has decoys, bounded by DECOY_POOL_MAX (the oldest dropped).
 *
 * @example
 * const decoys = await pool.sample(4, [peer, ownAccount]); // the look-up then asks for [peer, ...decoys], sorted
 */
export class DecoyPool {
  private accounts: Address[] | null = null;
  private readonly namespace: string;
  private readonly deps: { store: HushlogStore; random: RandomSource; chainId: number; contract: Address };

  constructor(deps: { store: HushlogStore; random: RandomSource; chainId: number; contract: Address }) {
    this.deps = deps;
    this.namespace = `decoys:${deps.chainId}:${deps.contract.toLowerCase()}`;
  }

  /** Records accounts seen publishing a binding (duplicates ignored). */
  async add(accounts: readonly Address[]): Promise<void> {
    if (accounts.length === 0) return;
    const known = await this.load();
    let changed = false;
    for (const account of accounts) {
      if (known.some((a) => isAddressEqual(a, account))) continue;
      known.push(getAddress(account));
      changed = true;
    }
    if (!changed) return;
    if (known.length > DECOY_POOL_MAX) known.splice(0, known.length - DECOY_POOL_MAX);
    await this.deps.store.cache.set(this.namespace, "accounts", hexToBytes(`0x${known.map((a) => a.slice(2)).join("")}`));
  }

  /** Up to `count` distinct accounts, none of `exclude`, chosen uniformly (fewer when the chain has fewer). */
  async sample(count: number, exclude: readonly Address[]): Promise<Address[]> {
    const pool = (await this.load()).filter((a) => !exclude.some((e) => isAddressEqual(a, e)));
    const chosen: Address[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.index(pool.length), 1)[0]!);
    return chosen;
  }

  private index(below: number): number {
    const bytes = this.deps.random(4);
    return (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % below;
  }

  private async load(): Promise<Address[]> {
    if (this.accounts) return this.accounts;
    const cached = await this.deps.store.cache.get(this.namespace, "accounts").catch(() => null);
    const accounts: Address[] = [];
    if (cached && cached.length % 20 === 0) {
      for (let i = 0; i < cached.length; i += 20) accounts.push(getAddress(bytesToHex(cached.subarray(i, i + 20))));
    }
    return (this.accounts = accounts);
  }
}
