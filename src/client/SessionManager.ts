import type { Address, Hex } from "viem";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { SessionRecord } from "../store/SessionStore.ts";
import { inboundTopicList } from "../topics/inboundTopics.ts";
import { decodeConversationState, encodeConversationState } from "../wire/conversationStateCodec.ts";
import type { ConversationState } from "./ConversationState.ts";
import { KeyedMutex } from "./KeyedMutex.ts";

export type SessionEntry = { record: SessionRecord; state: ConversationState };

/**
 * Resolves conversations and incoming topics to sessions through an in-memory cache over the SessionStore:
 * a cache hit costs no store read, every committed save replaces the cached entry and its topic index (so a
 * promoted `next` topic and an expired `previous` one are picked up at once), and per-session locks keep sends
 * and receives from interleaving on one ratchet.
 *
 * The cache is only ever updated with states that the store has committed (`adopt` after the transaction), so a
 * failed or conflicting write never leaves the cache ahead of the store.
 */
export class SessionManager {
  private readonly store: HushlogStore;
  private readonly context: { chainId: number; contract: Address };
  private readonly byId = new Map<Hex, SessionEntry>();
  private readonly byTopic = new Map<Hex, Hex>();
  private readonly locks = new KeyedMutex();

  constructor(store: HushlogStore, context: { chainId: number; contract: Address }) {
    this.store = store;
    this.context = context;
  }

  async get(conversationId: Hex): Promise<SessionEntry | null> {
    const cached = this.byId.get(conversationId);
    if (cached) return cached;
    const record = await this.store.sessions.get(conversationId);
    return record ? this.remember(record) : null;
  }

  /** The session a log topic belongs to (current, next or unexpired previous inbound topic), or null. */
  async resolveTopic(topic: Hex): Promise<SessionEntry | null> {
    const key = topic.toLowerCase() as Hex;
    const id = this.byTopic.get(key);
    if (id) return this.byId.get(id) ?? null;
    const record = await this.store.sessions.getByInboundTopic(key);
    return record ? this.remember(record) : null;
  }

  /**
   * Every session, loaded into the cache (sync needs all inbound topics anyway). A cached session whose stored
   * version moved on was written by another tab or process (a send announces new inbound topics): it is reloaded,
   * or a sync pass would keep querying the old topics and miss the answers.
   */
  async all(): Promise<SessionEntry[]> {
    const records = await this.store.sessions.list();
    return records.map((record) => {
      const cached = this.byId.get(record.conversationId);
      return cached && cached.record.version === record.version ? cached : this.remember(record);
    });
  }

  /**
   * The sessions in the cache, without a store read or a decode: what a sync step plans with, after its pass
   * loaded every session once with `all()` (sessions established since were adopted into the cache).
   */
  cached(): SessionEntry[] {
    return [...this.byId.values()];
  }

  /** Runs `fn` holding the locks of these conversations (taken in sorted order). */
  withSessions<T>(conversationIds: readonly Hex[], fn: () => Promise<T>): Promise<T> {
    return this.locks.run(conversationIds, fn);
  }

  /** The record to write for a new state: next version, inbound topics recomputed from the ratchet. */
  nextRecord(
    previous: SessionRecord | null,
    input: { conversationId: Hex; peer: Address; state: ConversationState; now: number; block?: bigint },
  ): SessionRecord {
    return {
      conversationId: input.conversationId,
      peer: input.peer,
      inboundTopics: inboundTopicList(input.state.ratchet, { now: Math.floor(input.now / 1000), block: input.block }),
      state: encodeConversationState(input.state),
      version: (previous?.version ?? 0) + 1,
      updatedAt: input.now,
    };
  }

  /** Makes a committed record the cached truth (call only after its transaction committed). */
  adopt(record: SessionRecord, state: ConversationState): SessionEntry {
    const old = this.byId.get(record.conversationId);
    if (old) for (const topic of old.record.inboundTopics) this.byTopic.delete(topic.toLowerCase() as Hex);
    const entry = { record, state };
    this.byId.set(record.conversationId, entry);
    for (const topic of record.inboundTopics) this.byTopic.set(topic.toLowerCase() as Hex, record.conversationId);
    return entry;
  }

  /** Forgets a cached session (after a write conflict: another tab or process moved it on). */
  invalidate(conversationId: Hex): void {
    const old = this.byId.get(conversationId);
    if (!old) return;
    for (const topic of old.record.inboundTopics) this.byTopic.delete(topic.toLowerCase() as Hex);
    this.byId.delete(conversationId);
  }

  clear(): void {
    this.byId.clear();
    this.byTopic.clear();
  }

  private remember(record: SessionRecord): SessionEntry {
    return this.adopt(record, decodeConversationState(record.state, this.context));
  }
}
