import { getAddress, type Address } from "viem";
import type { HushlogStore } from "../store/HushlogStore.ts";

/**
 * The user's blocks, held in memory so that every log's sender is checked without a store read: the set is loaded
 * once and refreshed at the start of each sync pass (another tab or process may have changed it).
 */
export class ContactBook {
  private readonly store: HushlogStore;
  private readonly now: () => number;
  private blocked: Set<string> | null = null;

  constructor(store: HushlogStore, now: () => number) {
    this.store = store;
    this.now = now;
  }

  async refresh(): Promise<void> {
    this.blocked = new Set((await this.store.contacts.list({ blocked: true })).map((c) => c.account.toLowerCase()));
  }

  async isBlocked(account: string): Promise<boolean> {
    if (!this.blocked) await this.refresh();
    return this.blocked!.has(account.toLowerCase());
  }

  async setBlocked(account: Address, blocked: boolean): Promise<void> {
    await this.store.contacts.put({ account: getAddress(account), blocked, updatedAt: this.now() });
    await this.refresh();
  }

  async list(): Promise<Address[]> {
    if (!this.blocked) await this.refresh();
    return [...this.blocked!].map((a) => getAddress(a));
  }
}
