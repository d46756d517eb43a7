import { getAddress, type Address } from "viem";
import { getBlock } from "viem/actions";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import type { ReadClient } from "../chain/ReadClient.ts";
import { findCurrentBinding } from "../identity/findCurrentBinding.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { accountOfRecordTag, openPublishedBinding, type CheckBinding } from "../identity/openPublishedBinding.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { checkKeyBinding } from "../identity/verifyKeyBinding.ts";
import type { DecoyPool } from "./DecoyPool.ts";
import { lastAcceptedBinding, selectCurrentBinding, type PublishedBinding } from "../identity/selectCurrentBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { decodePublishedBindings, encodePublishedBindings } from "../wire/publishedBindingsCodec.ts";

type Entry = { published: PublishedBinding[]; scannedThrough: bigint };
type DirectoryDeps = {
  publicClient: ReadClient;
  chainId: number;
  contract: Address;
  deployBlock: () => bigint;
  store: HushlogStore;
  now: () => number;
  /** Decoys for history look-ups and cover for RPC binding checks (issue 18); none when absent. */
  decoys?: DecoyPool;
};

/**
 * What the chain says about the accounts this client deals with (its own, its peers', those asking to talk): each
 * account's verified `Binding` publications and its current binding (selectCurrentBinding). An account's history is
 * read once, when it is first needed, then kept current by `ingest`, which the sync engine feeds with EVERY `Binding`
 * log of each step (no account filter: the RPC learns nothing about whom we follow). Cached in the store's
 * best-effort cache, since all of it can be read from the chain again.
 */
export class BindingDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly namespace: string;
  private readonly deps: DirectoryDeps;

  constructor(deps: DirectoryDeps) {
    this.deps = deps;
    this.namespace = `bindings:${deps.chainId}:${deps.contract.toLowerCase()}`;
  }

  /** A binding's signature check at a time, hidden among cover checks when it needs the RPC. */
  readonly check: CheckBinding = (binding, at) => {
    const run = (b: KeyBinding) => checkKeyBinding(this.deps.publicClient, b, { chainId: this.deps.chainId, contract: this.deps.contract, at });
    return this.deps.decoys ? this.deps.decoys.withCover(binding, run) : run(binding);
  };

  /** The account's current binding (null: it has none, or it expired), loading its history on first use. */
  async current(account: Address): Promise<PublishedBinding | null> {
    return selectCurrentBinding((await this.entry(account)).published, Math.floor(this.deps.now() / 1000));
  }

  /** The account's verified publications in chain order (what `predatesDevice` judges a request's block against). */
  async published(account: Address): Promise<readonly PublishedBinding[]> {
    return (await this.entry(account)).published;
  }

  /**
   * The sequence a new binding of the account must exceed: that of its last binding to become current, expired or
   * not (0 when it never published one).
   */
  async highestSequence(account: Address): Promise<bigint> {
    return lastAcceptedBinding((await this.entry(account)).published)?.binding.sequence ?? 0n;
  }

  /** Whether the device a handshake or session names is listed by its account's current binding. */
  async lists(peer: DeviceBinding): Promise<"listed" | "not-published" | "superseded"> {
    const current = await this.current(peer.binding.account);
    if (!current) return "not-published";
    const device = peer.binding.devices[peer.device]!;
    const listed = current.binding.devices.some(
      (d) => d.x25519.toLowerCase() === device.x25519.toLowerCase() && d.ed25519.toLowerCase() === device.ed25519.toLowerCase(),
    );
    return listed ? "listed" : "superseded";
  }

  /**
   * One sync step's `Binding` logs (every account), up to block `through`. Publications for accounts the directory
   * knows (in memory or in its cache: every account it was ever asked about) are verified and added; the accounts
   * whose current binding changed are returned. An RPC failure throws (the step is retried; nothing was recorded).
   *
   * A cached account's entry may end before `through`: nothing was missed in between, because every earlier step
   * fed its logs here too and a changed entry is saved at once.
   */
  async ingest(logs: readonly HushlogLog[], through: bigint): Promise<Address[]> {
    const added = new Map<string, PublishedBinding[]>();
    const times = new Map<bigint, number>();
    for (const log of logs) {
      let account: Address;
      try {
        account = accountOfRecordTag(log.tag);
      } catch {
        continue;
      }
      const entry = this.entries.get(account.toLowerCase()) ?? (await this.fromCache(account));
      if (!entry || log.blockNumber <= entry.scannedThrough) continue;
      let blockTime = times.get(log.blockNumber);
      if (blockTime === undefined) times.set(log.blockNumber, (blockTime = Number((await getBlock(this.deps.publicClient, { blockNumber: log.blockNumber })).timestamp)));
      const opened = await openPublishedBinding(this.deps.publicClient, { account, payload: log.payload, blockNumber: log.blockNumber, logIndex: log.logIndex, blockTime }, this.deps, this.check);
      if ("published" in opened) added.set(account.toLowerCase(), [...(added.get(account.toLowerCase()) ?? []), opened.published]);
    }
    const now = Math.floor(this.deps.now() / 1000);
    const changed: Address[] = [];
    for (const [key, entry] of this.entries) {
      if (through <= entry.scannedThrough) continue;
      const before = selectCurrentBinding(entry.published, now)?.hash;
      const next = { published: [...entry.published, ...(added.get(key) ?? [])], scannedThrough: through };
      this.entries.set(key, next);
      if (added.has(key)) {
        if (selectCurrentBinding(next.published, now)?.hash !== before) changed.push(getAddress(key));
        await this.save(key, next);
      }
    }
    return changed;
  }

  /** A reorg removed blocks after `fork`: forget publications above it and rescan from there. */
  async rewind(fork: bigint): Promise<void> {
    for (const [key, entry] of this.entries) {
      if (entry.scannedThrough <= fork) continue;
      const next = { published: entry.published.filter((p) => p.blockNumber <= fork), scannedThrough: fork };
      this.entries.set(key, next);
      await this.save(key, next);
    }
  }

  /** Forgets everything held in memory (the cache in the store stays). */
  clear(): void {
    this.entries.clear();
  }

  private async entry(account: Address): Promise<Entry> {
    const key = account.toLowerCase();
    const known = this.entries.get(key);
    if (known) return known;
    let load = this.loading.get(key);
    if (!load) {
      load = this.load(account).finally(() => this.loading.delete(key));
      this.loading.set(key, load);
    }
    return load;
  }

  private async load(account: Address): Promise<Entry> {
    const cached = await this.fromCache(account);
    if (cached) return cached;
    const { publicClient, chainId, contract, deployBlock } = this.deps;
    const decoys = (await this.deps.decoys?.sample([account])) ?? [];
    const found = await findCurrentBinding(publicClient, { account, decoys, check: this.check, chainId, contract, fromBlock: deployBlock() });
    const entry = { published: found.published, scannedThrough: found.scannedThrough };
    this.entries.set(account.toLowerCase(), entry);
    await this.save(account.toLowerCase(), entry);
    return entry;
  }

  /** The cached entry, now tracked in memory; null when there is none (or it cannot be read: read the chain again). */
  private async fromCache(account: Address): Promise<Entry | null> {
    const key = account.toLowerCase();
    const cached = await this.deps.store.cache.get(this.namespace, key);
    if (!cached) return null;
    try {
      const entry = decodePublishedBindings(cached, this.deps);
      this.entries.set(key, entry);
      return entry;
    } catch {
      return null;
    }
  }

  private save(key: string, entry: Entry): Promise<void> {
    return this.deps.store.cache.set(this.namespace, key, encodePublishedBindings(entry));
  }
}
