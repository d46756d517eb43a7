import type { Address, Hex } from "viem";
import { decodeGroupIndex } from "../wire/groupIndexCodec.ts";
import { decodeGroupState } from "../wire/groupStateCodec.ts";
import { groupRecordKeys, type GroupStore } from "./GroupStore.ts";
import type { GroupState } from "./Membership.ts";

export type GroupTopic = { topic: Hex; groupId: Hex; sender: Address };

/**
 * Which group and member a topic belongs to, in memory, built once from the stored group states and kept up to
 * date by the commits of this process. It is only a hint: every lookup is checked against the stored state, so a
 * stale entry can only make a message fail as an unknown topic. Writers in other processes or tabs are seen after
 * `reload()`.
 */
export class GroupTopicIndex {
  #topics: Map<Hex, GroupTopic> | null = null;
  #loading: Promise<Map<Hex, GroupTopic>> | null = null;
  /** Bumped by every update: a load that overlapped one may have read older states, so it is not kept. */
  #generation = 0;
  readonly #store: GroupStore;

  constructor(store: GroupStore) {
    this.#store = store;
  }

  async lookup(topic: Hex): Promise<GroupTopic | null> {
    return (await this.#load()).get(topic.toLowerCase() as Hex) ?? null;
  }

  async all(): Promise<GroupTopic[]> {
    return [...(await this.#load()).values()];
  }

  /** After a commit changed a group's state: its chains replace whatever the index held for it. */
  update(groupId: Hex, state: GroupState | null): void {
    this.#generation++;
    if (!this.#topics) return;
    for (const [topic, entry] of this.#topics) if (entry.groupId === groupId) this.#topics.delete(topic);
    if (state && !state.left) for (const chain of state.chains) this.#topics.set(chain.topic, { topic: chain.topic, groupId, sender: chain.sender });
  }

  reload(): void {
    this.#topics = null;
    this.#loading = null;
  }

  #load(): Promise<Map<Hex, GroupTopic>> {
    if (this.#topics) return Promise.resolve(this.#topics);
    this.#loading ??= (async () => {
      const generation = this.#generation;
      const topics = new Map<Hex, GroupTopic>();
      const index = await this.#store.getSenderKey(groupRecordKeys.index);
      for (const groupId of index ? decodeGroupIndex(index) : []) {
        const bytes = await this.#store.getSenderKey(groupRecordKeys.group(groupId));
        const state = bytes && decodeGroupState(bytes);
        if (!state || state.left) continue;
        for (const chain of state.chains) topics.set(chain.topic, { topic: chain.topic, groupId, sender: chain.sender });
      }
      if (generation === this.#generation) this.#topics = topics;
      return topics;
    })().finally(() => (this.#loading = null));
    return this.#loading;
  }
}
