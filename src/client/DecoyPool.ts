import { bytesToHex, concatBytes, getAddress, hexToBytes, isAddressEqual, numberToBytes, type Address, type Hex } from "viem";
import { DECOY_COVER_MAX, DECOY_POOL_MAX, DECOY_TOPICS_MAX } from "../constants.ts";
import type { RandomSource } from "../crypto/random.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { accountOfRecordTag } from "../identity/openPublishedBinding.ts";
import { verifiesLocally } from "../identity/verifyKeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { decodeKeyBinding } from "../wire/keyBindingCodec.ts";

type Deps = { store: HushlogStore; random: RandomSource; chainId: number; contract: Address; count: number };

/**
 * Decoys for targeted look-ups (issue 18), drawn from what the chain shows anyway: every `Binding` log the sync engine
 * reads (it reads them all, unfiltered) feeds two pools, the live step's `Message` logs a third (topics for catch-up
 * message queries, `withDecoyTopics`); all kept in the store's best-effort cache so a restarted client
 * still has them:
 * - accounts that published a binding: the decoys of look-ups by account (a prekey bundle, a binding history), which
 *   then name `count + 1` accounts, sorted;
 * - the newest binding of each account whose binding the RPC must check (no local ECDSA proof: a smart account):
 *   `withCover` checks `count` of them, the real one at a random place among them, so an eth_call about an account
 *   is one of `count + 1` real-looking checks of real published bindings.
 *
 * @example
 * const decoys = await pool.sample([peer, ownAccount]); // the look-up asks for [peer, ...decoys], sorted
 * const verdict = await pool.withCover(binding, (b) => checkKeyBinding(publicClient, b, deployment));
 */
export class DecoyPool {
  private accounts: Address[] | null = null;
  private covers: Map<string, Uint8Array> | null = null;
  private topics: Set<Hex> | null = null;
  private readonly namespace: string;
  private readonly deps: Deps;

  constructor(deps: Deps) {
    this.deps = deps;
    this.namespace = `decoys:${deps.chainId}:${deps.contract.toLowerCase()}`;
  }

  /** False when the client asked for no decoys (`lookupDecoys: 0`): nothing needs feeding. */
  get enabled(): boolean {
    return this.deps.count > 0;
  }

  /** One sync step's `Binding` logs (junk and duplicates ignored). */
  async add(logs: readonly { tag: `0x${string}`; payload: Uint8Array }[]): Promise<void> {
    if (logs.length === 0) return;
    const known = await this.loadAccounts();
    const covers = await this.loadCovers();
    let accountsChanged = false;
    let coversChanged = false;
    for (const log of logs) {
      let account: Address;
      let binding: KeyBinding;
      try {
        account = accountOfRecordTag(log.tag);
        binding = decodeKeyBinding(log.payload, this.deps);
      } catch {
        continue;
      }
      if (!isAddressEqual(binding.account, account)) continue;
      if (!known.some((a) => isAddressEqual(a, account))) {
        known.push(account);
        accountsChanged = true;
      }
      if (!(await verifiesLocally(binding))) {
        covers.delete(account.toLowerCase());
        covers.set(account.toLowerCase(), log.payload.slice());
        coversChanged = true;
      }
    }
    if (accountsChanged) {
      if (known.length > DECOY_POOL_MAX) known.splice(0, known.length - DECOY_POOL_MAX);
      await this.deps.store.cache.set(this.namespace, "accounts", hexToBytes(`0x${known.map((a) => a.slice(2)).join("")}`));
    }
    if (coversChanged) {
      while (covers.size > DECOY_COVER_MAX) covers.delete(covers.keys().next().value!);
      const parts = [...covers.values()].flatMap((payload) => [numberToBytes(payload.length, { size: 4 }), payload]);
      await this.deps.store.cache.set(this.namespace, "covers", concatBytes(parts));
    }
  }

  /** Message topics seen on chain (the live step's unfiltered read): the decoys of catch-up message queries. */
  async addTopics(topics: readonly Hex[]): Promise<void> {
    const known = await this.loadTopics();
    const before = known.size;
    for (const topic of topics) known.add(topic.toLowerCase() as Hex);
    if (known.size === before) return;
    // Oldest first out; written only when something new came (a new sending chain somewhere on chain).
    while (known.size > DECOY_TOPICS_MAX) known.delete(known.values().next().value!);
    await this.deps.store.cache.set(this.namespace, "topics", hexToBytes(`0x${[...known].map((t) => t.slice(2)).join("")}`));
  }

  /**
   * `tags` with `count` decoy topics per real one, sorted, and the real ones as a set: a catch-up message query then
   * names each real topic among count + 1 topics others really use (issue 18). Their logs are dropped before anything
   * reads them.
   */
  async withDecoyTopics(tags: readonly Hex[]): Promise<{ tags: Hex[]; real: Set<string> }> {
    const real = new Set(tags.map((t) => t.toLowerCase()));
    const pool: Hex[] = [...(await this.loadTopics())].filter((t) => !real.has(t));
    const decoys: Hex[] = [];
    while (decoys.length < this.deps.count * tags.length && pool.length > 0) decoys.push(pool.splice(this.index(pool.length), 1)[0]!);
    return { tags: ([...real] as Hex[]).concat(decoys).sort(), real };
  }

  /** Up to `count` distinct accounts that published bindings, none of `exclude`, chosen uniformly. */
  async sample(exclude: readonly Address[]): Promise<Address[]> {
    return this.pick(await this.loadAccounts(), exclude);
  }

  /**
   * Runs `check` on `binding` and, when that check needs the RPC, on `count` cover bindings too, all issued together in
   * a random order; returns the real check's result (cover results and errors are dropped).
   */
  async withCover<T>(binding: KeyBinding, check: (binding: KeyBinding) => Promise<T>): Promise<T> {
    if (this.deps.count === 0 || (await verifiesLocally(binding))) return check(binding);
    const covers = await this.loadCovers();
    const accounts = [...covers.keys()].map((a) => getAddress(a));
    const chosen = this.pick(accounts, [binding.account]).map((a) => decodeKeyBinding(covers.get(a.toLowerCase())!, this.deps));
    const slot = this.index(chosen.length + 1);
    const checks = [...chosen];
    checks.splice(slot, 0, binding);
    const results = await Promise.all(checks.map((b, i) => (i === slot ? check(b) : check(b).catch(() => null))));
    return results[slot] as T;
  }

  private pick(pool: readonly Address[], exclude: readonly Address[]): Address[] {
    const left = pool.filter((a) => !exclude.some((e) => isAddressEqual(a, e)));
    const chosen: Address[] = [];
    while (chosen.length < this.deps.count && left.length > 0) chosen.push(left.splice(this.index(left.length), 1)[0]!);
    return chosen;
  }

  private index(below: number): number {
    const bytes = this.deps.random(4);
    return (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % below;
  }

  private async loadAccounts(): Promise<Address[]> {
    if (this.accounts) return this.accounts;
    const cached = await this.deps.store.cache.get(this.namespace, "accounts").catch(() => null);
    const accounts: Address[] = [];
    if (cached && cached.length % 20 === 0) {
      for (let i = 0; i < cached.length; i += 20) accounts.push(getAddress(bytesToHex(cached.subarray(i, i + 20))));
    }
    return (this.accounts = accounts);
  }

  private async loadTopics(): Promise<Set<Hex>> {
    if (this.topics) return this.topics;
    const cached = await this.deps.store.cache.get(this.namespace, "topics").catch(() => null);
    const topics = new Set<Hex>();
    if (cached && cached.length % 32 === 0) for (let i = 0; i < cached.length; i += 32) topics.add(bytesToHex(cached.subarray(i, i + 32)));
    return (this.topics = topics);
  }

  private async loadCovers(): Promise<Map<string, Uint8Array>> {
    if (this.covers) return this.covers;
    const cached = await this.deps.store.cache.get(this.namespace, "covers").catch(() => null);
    const covers = new Map<string, Uint8Array>();
    for (let i = 0; cached && i + 4 <= cached.length; ) {
      const length = new DataView(cached.buffer, cached.byteOffset + i, 4).getUint32(0);
      const payload = cached.slice(i + 4, i + 4 + length);
      i += 4 + length;
      try {
        covers.set(decodeKeyBinding(payload, this.deps).account.toLowerCase(), payload);
      } catch {
        // A cache written by another version: the next Binding logs refill it.
      }
    }
    return (this.covers = covers);
  }
}
