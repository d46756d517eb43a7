import { getAddress, type Address, type Hex } from "viem";
import type { HushlogStore } from "../store/HushlogStore.ts";

/**
 * What a device remembers of imported history, kept in existing tables so the transfer needs no schema change
 * (a later schema version can give it a table of its own):
 * - which conversations came as history and which devices hold their sessions: alias mappings of source "history",
 *   alias `history:<conversation id>:<holder's Ed25519 key>`, address = the peer. Upserts by alias, so importing
 *   twice writes the same rows;
 * - the newest transfer imported from each exporting device: a cursor `history-import:<exporter's Ed25519 key>`
 *   whose `block` is the transfer's `exportedAt` (ms). It is how far this device has read that device's history,
 *   as a sync cursor is how far it has read the chain; an older or equal transfer is a replay.
 */
export const historySource = "history";

export type HistoryMark = { conversationId: Hex; peer: Address; holders: Hex[] };

export function historyAlias(conversationId: Hex, holder: Hex): string {
  return `${historySource}:${conversationId.toLowerCase()}:${holder.toLowerCase()}`;
}

/** Imported conversations, each with the devices holding its session, grouped from the alias rows. */
export async function historyMarks(store: HushlogStore): Promise<HistoryMark[]> {
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

export const importCursorKey = (exporter: Hex) => `history-import:${exporter.toLowerCase()}`;

/** `exportedAt` (ms) of the newest transfer imported from `exporter`, or null. */
export async function lastImport(store: HushlogStore, exporter: Hex): Promise<number | null> {
  const cursor = await store.cursors.get(importCursorKey(exporter));
  return cursor ? Number(cursor.block) : null;
}
