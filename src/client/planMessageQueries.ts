import type { Hex } from "viem";
import type { GroupTopic } from "../group/GroupTopicIndex.ts";
import type { UnscannedTopic } from "./ConversationState.ts";
import type { SessionEntry } from "./SessionManager.ts";

export type MessageQuery = { fromBlock: bigint; toBlock: bigint; tags: Hex[] };
export type MessagePlan = { queries: MessageQuery[]; covered: Map<Hex, UnscannedTopic[]> };

/**
 * The message queries of one sync step over [from, to]: every inbound topic of every session and group over the
 * step's range, and for each unscanned topic whose first block is before `from`, the missing range. `covered`
 * lists exactly the unscanned entries these queries cover, so the commit clears those and no others.
 *
 * Queries filter by topic only, never by sender (issue 21): pooling every peer as a sender OR-list made one
 * request per pair of topic and sender chunks, so requests grew with the SQUARE of the conversations. Senders are
 * checked locally before any cryptography (receiveMessages, the group unit of work), and a query without sender
 * does not pair an account with its topics in the provider's logs (issue 18).
 *
 * @example
 * const { queries, covered } = planMessageQueries(from, to, sessions.cached(), await groups.topics());
 */
export function planMessageQueries(from: bigint, to: bigint, entries: readonly SessionEntry[], groupTopics: readonly GroupTopic[]): MessagePlan {
  const groups = new Map<string, MessageQuery & { set: Set<Hex> }>();
  const covered = new Map<Hex, UnscannedTopic[]>();
  const add = (fromBlock: bigint, toBlock: bigint, topics: readonly Hex[]) => {
    if (fromBlock > toBlock || topics.length === 0) return;
    const key = `${fromBlock}-${toBlock}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { fromBlock, toBlock, tags: [], set: new Set() }));
    for (const topic of topics) {
      const t = topic.toLowerCase() as Hex;
      if (group.set.has(t)) continue;
      group.set.add(t);
      group.tags.push(t);
    }
  };
  add(from, to, groupTopics.map((g) => g.topic));
  for (const { record, state } of entries) {
    add(from, to, record.inboundTopics);
    for (const entry of state.unscanned) {
      if (entry.fromBlock > to) continue;
      add(entry.fromBlock, from - 1n < to ? from - 1n : to, [entry.topic]);
      covered.set(record.conversationId, [...(covered.get(record.conversationId) ?? []), entry]);
    }
  }
  return { queries: [...groups.values()].map(({ fromBlock, toBlock, tags }) => ({ fromBlock, toBlock, tags })), covered };
}
