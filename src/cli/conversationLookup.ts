import type { Address, Hex } from "viem";
import type { HushlogClient } from "../index.ts";

/** What a message's `conversationId` names: a 1:1 conversation's peer, or a group (its id and name). */
export type ConversationOwner = { peer?: Address; group?: { groupId: Hex; name: string } };

export type ConversationLookup = {
  owner: (conversationId: Hex) => Promise<ConversationOwner>;
  groupName: (groupId: Hex) => Promise<string | null>;
};

/**
 * Conversation and group ids → peer or group, for `watch`. Refreshed from the client when an id is unknown (a
 * conversation just established, a group just joined); `client` is a getter because watch replaces its client.
 */
export function conversationLookup(client: () => HushlogClient): ConversationLookup {
  const known = new Map<string, ConversationOwner>();
  const refresh = async () => {
    for (const c of await client().conversations()) known.set(c.conversationId.toLowerCase(), { peer: c.peer });
    for (const g of await client().groups()) known.set(g.groupId.toLowerCase(), { group: { groupId: g.groupId, name: g.name } });
  };
  const owner = async (id: Hex) => {
    if (!known.has(id.toLowerCase())) await refresh();
    return known.get(id.toLowerCase()) ?? {};
  };
  return { owner, groupName: async (groupId) => (await owner(groupId)).group?.name ?? null };
}
