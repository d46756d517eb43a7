import { getAddress, type Address, type Hex } from "viem";
import { ConversationNotFoundError, HistoryOnlyConversationError } from "../errors/clientErrors.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { Backend } from "../store/Backend.ts";

/**
 * What a device remembers of imported history (hushlog/history), kept in an existing table so the transfer needs no
 * schema change (a later schema version can give it one): alias mappings of source "history", alias
 * `history:<conversation id>:<Ed25519 key of a device holding its session>`, address = the peer. Upserts by alias,
 * so importing twice writes the same rows. The client reads them only to explain a refused send.
 */
export const historySource = "history";

export type HistoryMark = { conversationId: Hex; peer: Address; holders: Hex[] };

export function historyAlias(conversationId: Hex, holder: Hex): string {
  return `${historySource}:${conversationId.toLowerCase()}:${holder.toLowerCase()}`;
}

/** Imported conversations, each with the devices holding its session, grouped from the alias rows. */
export async function historyMarks(store: Pick<Backend, "getAllAliasMappings">): Promise<HistoryMark[]> {
  const marks = new Map<string, HistoryMark>();
  for (const entry of await store.getAllAliasMappings()) {
    if (entry.source !== historySource) continue;
    const [, conversationId, holder] = entry.alias.split(":") as [string, Hex, Hex];
    const mark = marks.get(conversationId) ?? { conversationId, peer: getAddress(entry.address), holders: [] };
    if (!mark.holders.includes(holder)) mark.holders.push(holder);
    marks.set(conversationId, mark);
  }
  return [...marks.values()];
}

/**
 * A send to a conversation this device has no session for fails with what is true when it was imported as history
 * (it lives on another device), not with "no conversation". Read only on that error path.
 */
export async function explainHistoryOnly(store: Pick<Backend, "getAllAliasMappings">, error: unknown, conversationIds: readonly Hex[]): Promise<unknown> {
  if (!(error instanceof ConversationNotFoundError)) return error;
  const ids = new Set(conversationIds.map((id) => id.toLowerCase()));
  const mark = (await historyMarks(store)).find((m) => ids.has(m.conversationId));
  return mark ? new HistoryOnlyConversationError(mark.holders.map(deviceCode)) : error;
}
