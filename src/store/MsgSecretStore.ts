/**
 * A per-message secret that later add-ons of that message (edits, reactions, poll votes) are encrypted under.
 * `expiresAt` is an absolute deadline in seconds (0 = never expires); `messageTs` is the parent message's time
 * (0 = unknown), used to enforce edit windows.
 */
export type MsgSecretEntry = {
  chat: string;
  sender: string;
  msgId: string;
  secret: Uint8Array;
  expiresAt: number;
  messageTs: number;
};

export interface MsgSecretStore {
  /** Stores one secret that never expires (`expiresAt = 0`, `messageTs = 0`). */
  putMsgSecret(chat: string, sender: string, msgId: string, secret: Uint8Array): Promise<void>;
  /**
   * Batch upsert in one write. On a conflict with a stored entry the secret is replaced, the later deadline wins
   * (0 = never, which beats any deadline), and the later non-zero `messageTs` wins. Returns how many were stored.
   */
  putMsgSecrets(entries: readonly MsgSecretEntry[]): Promise<number>;
  getMsgSecret(chat: string, sender: string, msgId: string): Promise<Uint8Array | null>;
  getMsgSecretWithTs(chat: string, sender: string, msgId: string): Promise<{ secret: Uint8Array; messageTs: number } | null>;
  /** Deletes entries with `0 < expiresAt <= cutoff` (seconds); returns how many. */
  deleteExpiredMsgSecrets(cutoff: number): Promise<number>;
}
