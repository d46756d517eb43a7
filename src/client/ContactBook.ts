import { getAddress, type Address } from "viem";
import type { ContactRecord } from "../store/ContactStore.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";

/**
 * The user's blocks and mutes, held in memory so that every log's sender is checked without a store read: the sets
 * are loaded once and refreshed at the start of each sync pass (another tab or process may have changed them) and
 * after app-state sync applied a patch.
 */
export class ContactBook {
  private readonly store: HushlogStore;
  private readonly now: () => number;
  private blocked: Set<string> | null = null;
  private muted = new Set<string>();

  constructor(store: HushlogStore, now: () => number) {
    this.store = store;
    this.now = now;
  }

  async refresh(): Promise<void> {
    const all = await this.store.contacts.list();
    this.blocked = new Set(all.filter((c) => c.blocked).map((c) => c.account.toLowerCase()));
    this.muted = new Set(all.filter((c) => c.muted).map((c) => c.account.toLowerCase()));
  }

  async isBlocked(account: string): Promise<boolean> {
    if (!this.blocked) await this.refresh();
    return this.blocked!.has(account.toLowerCase());
  }

  /** As of the last refresh (every sync pass starts with one): for the per-message notification decision. */
  isMuted(account: string): boolean {
    return this.muted.has(account.toLowerCase());
  }

  /**
   * Each change is stamped later than the one it replaces, by a whole second at least: app-state sync compares them in
   * seconds (newest wins), and a block undone within the same second must still be the newer change.
   */
  async setBlocked(account: Address, blocked: boolean): Promise<void> {
    await this.update(account, (c) => ({ blocked, updatedAt: laterThan(c?.updatedAt, this.now()) }));
  }

  async setMuted(account: Address, muted: boolean): Promise<void> {
    await this.update(account, (c) => ({ muted, mutedAt: laterThan(c?.mutedAt, this.now()) }));
  }

  /** Changes some fields of an account's record, keeping the others (a mute keeps the block and the read marker). */
  async update(account: Address, fields: (existing: ContactRecord | null) => Partial<Omit<ContactRecord, "account">>): Promise<void> {
    const address = getAddress(account);
    await this.store.transaction(async (tx) => {
      const existing = await tx.contacts.get(address);
      await tx.contacts.put({ account: address, blocked: false, updatedAt: 0, ...existing, ...fields(existing) });
    });
    await this.refresh();
  }

  /** Read from the store, not the sets: another tab or process of this account may have changed them since. */
  async list(): Promise<Address[]> {
    await this.refresh();
    return [...this.blocked!].map((a) => getAddress(a));
  }

  async mutedList(): Promise<Address[]> {
    await this.refresh();
    return [...this.muted].map((a) => getAddress(a));
  }
}

/** `now`, or a second after `previous` when that is later (milliseconds). */
export function laterThan(previous: number | undefined, now: number): number {
  return previous === undefined ? now : Math.max(now, (Math.floor(previous / 1000) + 1) * 1000);
}
