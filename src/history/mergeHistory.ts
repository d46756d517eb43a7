import { bytesToHex, isAddressEqual, type Hex } from "viem";
import { HistoryInvalidError } from "../errors/historyErrors.ts";
import { historyAlias, historySource } from "../client/historyMarks.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { HistoryTransfer } from "../wire/historyTransferCodec.ts";
import type { HistoryDevice } from "./HistoryDevice.ts";

/**
 * The newest transfer imported from each exporting device is a cursor `history-import:<exporter's Ed25519 key>` whose
 * `block` is the transfer's `exportedAt` (ms): how far this device has read that device's history, as a sync cursor
 * is how far it has read the chain (an existing table: no schema change). An older or equal transfer is a replay.
 */
const importCursorKey = (exporter: Hex) => `history-import:${exporter.toLowerCase()}`;

/** `exportedAt` (ms) of the newest transfer imported from `exporter`, or null. */
export async function lastImport(store: HushlogStore, exporter: Hex): Promise<number | null> {
  const cursor = await store.cursors.get(importCursorKey(exporter));
  return cursor ? Number(cursor.block) : null;
}

export type MergeCounts = { messages: number; markedRead: number; unchanged: number; nicknames: number };

/**
 * Merges an authentic transfer (already checked: our account, a listed exporter, newer than the last) into the
 * store, in ONE transaction: every check below throws before the transaction commits, so a bad transfer writes
 * nothing. The rules make importing idempotent and never lose anything:
 * - a message this device lacks is added as it was on the exporter (status, times, read state);
 * - a message it has is kept as it is (local rows are never overwritten), except that a read mark moves forward:
 *   unread here and read there becomes read (read state only ever goes from unread to read);
 * - a nickname entry is added when its alias is new (entries are per name and the newest per address wins, so
 *   the union of both devices' entries is the newest name of either);
 * - each conversation is marked as history held by the exporter's named devices, and the exporter's cursor moves
 *   to this transfer's time (an older or equal one is then a replay).
 */
export async function mergeHistory(
  { client, identity, store, now: clock }: HistoryDevice & { now: () => number },
  transfer: HistoryTransfer,
  exporter: Hex,
): Promise<MergeCounts> {
  const account = client.account;
  const ownKey = bytesToHex(identity.ed25519.publicKey).toLowerCase();
  const now = clock();
  const seconds = Math.floor(now / 1000);
  const counts: MergeCounts = { messages: 0, markedRead: 0, unchanged: 0, nicknames: 0 };
  await store.transaction(async (tx) => {
    const added: MessageRecord[] = [];
    const seen = new Set<string>();
    for (const conversation of transfer.conversations) {
      if (isAddressEqual(conversation.peer, account)) throw new HistoryInvalidError("a conversation with the account itself");
      const conversationId = client.conversationWith(conversation.peer);
      for (const m of conversation.messages) {
        const key = m.id.toLowerCase();
        if (seen.has(key)) throw new HistoryInvalidError("a message id that appears twice");
        seen.add(key);
        const local = await tx.messages.get(m.id);
        if (local && local.conversationId.toLowerCase() !== conversationId.toLowerCase()) throw new HistoryInvalidError("a message id of another conversation");
        if (!local) {
          added.push({
            id: m.id,
            conversationId,
            direction: m.direction,
            sender: m.direction === "out" ? account : conversation.peer,
            body: m.body,
            status: m.status,
            txHash: m.txHash,
            blockNumber: m.blockNumber,
            blockHash: m.blockHash,
            logIndex: m.logIndex,
            createdAt: m.createdAt,
            timestamp: m.timestamp,
            read: m.read,
          });
        } else if (m.read && !local.read) {
          await tx.messages.update(m.id, { read: true });
          counts.markedRead++;
        } else {
          counts.unchanged++;
        }
      }
      for (const holder of conversation.holders) {
        if (holder.toLowerCase() === ownKey) continue;
        const alias = historyAlias(conversationId, holder);
        if (!(await tx.getAliasMapping(alias))) await tx.putAliasMapping({ alias, address: conversation.peer, createdAt: seconds, updatedAt: seconds, source: historySource });
      }
    }
    for (const n of transfer.nicknames) {
      // Only the app's nickname entries travel: a transfer cannot plant history marks or any other alias.
      if (!n.alias.toLowerCase().startsWith(`nickname:${n.address.toLowerCase()}:`)) throw new HistoryInvalidError("an alias that is not a nickname entry");
      if (await tx.getAliasMapping(n.alias)) continue;
      await tx.putAliasMapping({ alias: n.alias, address: n.address, createdAt: n.createdAt, updatedAt: n.updatedAt, source: "nickname" });
      counts.nicknames++;
    }
    if (added.length > 0) await tx.messages.putMany(added);
    counts.messages = added.length;
    await tx.cursors.put({ key: importCursorKey(exporter), block: BigInt(transfer.exportedAt), recentBlocks: [], updatedAt: now });
  });
  return counts;
}
