import type { MsgSecretEntry, MsgSecretStore } from "../MsgSecretStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { compositeKey } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

// A secret that never expires (expiresAt 0) stays out of the expiry index, so no cutoff can reach it.
const msgSecrets = recordTable<MsgSecretEntry>("msgSecrets", (e) => ({ expiresAt: e.expiresAt === 0 ? null : e.expiresAt }));

const keyOf = (chat: string, sender: string, msgId: string) => compositeKey(chat, sender, msgId);

export function createMsgSecretMethods({ run }: FaceContext): MsgSecretStore {
  const putMsgSecrets = (entries: readonly MsgSecretEntry[]) =>
    run("rw", async (tx) => {
      const keys = entries.map((e) => keyOf(e.chat, e.sender, e.msgId));
      const merged = await msgSecrets.getMany(tx, keys);
      entries.forEach((entry, i) => {
        const key = keys[i]!;
        const { chat, sender, msgId, secret, expiresAt, messageTs } = entry;
        const stored = merged.get(key);
        merged.set(key, {
          chat,
          sender,
          msgId,
          secret,
          expiresAt: stored ? laterDeadline(stored.expiresAt, expiresAt) : expiresAt,
          messageTs: stored ? Math.max(stored.messageTs, messageTs) : messageTs,
        });
      });
      // Only the entries of this batch are written (the map also holds them merged with what was stored).
      await msgSecrets.putMany(tx, [...new Set(keys)].map((key) => [key, merged.get(key)!] as const));
      return entries.length;
    });

  return {
    putMsgSecret: async (chat, sender, msgId, secret) => void (await putMsgSecrets([{ chat, sender, msgId, secret, expiresAt: 0, messageTs: 0 }])),
    putMsgSecrets,
    getMsgSecret: (chat, sender, msgId) => run("r", async (tx) => (await msgSecrets.get(tx, keyOf(chat, sender, msgId)))?.secret ?? null),
    getMsgSecretWithTs: (chat, sender, msgId) =>
      run("r", async (tx) => {
        const stored = await msgSecrets.get(tx, keyOf(chat, sender, msgId));
        return stored ? { secret: stored.secret, messageTs: stored.messageTs } : null;
      }),
    deleteExpiredMsgSecrets: (cutoff) => run("rw", (tx) => msgSecrets.deleteWhere(tx, { index: "expiresAt", upper: cutoff })),
  };
}

/** 0 means "never", which outlives any deadline. */
function laterDeadline(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : Math.max(a, b);
}
