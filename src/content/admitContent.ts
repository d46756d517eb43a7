import type { Hex } from "viem";
import { EDIT_WINDOW_SECONDS, MSG_SECRET_EXPIRY_SLACK_SECONDS } from "../constants.ts";
import { decodeMessageContent } from "../client/messageContent.ts";
import { AmendNotAuthorizedError, type AmendRejection } from "../errors/contentErrors.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { MsgSecretEntry, MsgSecretStore } from "../store/MsgSecretStore.ts";
import { verifyAmendProof } from "./amendProof.ts";
import { isAnnotation } from "./Content.ts";

/** What admitContent reads: stored messages (targets) and the secrets of received posts. */
export type AdmitStore = MsgSecretStore & { messages: { get(id: string): Promise<MessageRecord | null> } };

export type Admitted = {
  /** The records to store, in order: rejected edits and deletes removed, annotations marked read. */
  accepted: MessageRecord[];
  rejected: { message: MessageRecord; error: AmendNotAuthorizedError }[];
  /** Secrets of the posts among them, to store with the messages (same transaction). */
  secrets: MsgSecretEntry[];
  /** Secrets whose window ended before this cutoff (seconds) can be deleted; null when the step had no block time. */
  expiryCutoff: number | null;
};

/**
 * The content rules of one receive step, applied before anything is stored (pure but for store reads).
 *
 * - A post's secret is kept in MsgSecretStore under (chat, sender, id) until EDIT_WINDOW_SECONDS after its block.
 * - An edit or a delete is accepted only when its target is a post of the same chat, by the same sender, when its
 *   block is within the window of the post's block, and when its proof verifies under the post's kept secret;
 *   otherwise it is dropped with AmendNotAuthorizedError and its target stays as it was.
 * - Reactions, receipts and accepted amendments are stored read: they are folded into their targets, never counted
 *   as unread messages.
 *
 * Block timestamps decide the window, so both ends judge alike whenever they sync. The target may be in the same
 * step (read first: chain order) or stored.
 *
 * @example
 * const { accepted, rejected, secrets } = await admitContent(store, received);
 */
export async function admitContent(store: AdmitStore, received: readonly MessageRecord[]): Promise<Admitted> {
  const accepted: MessageRecord[] = [];
  const rejected: Admitted["rejected"] = [];
  const secrets: MsgSecretEntry[] = [];
  let newest: number | null = null;
  for (const message of received) {
    if (message.timestamp !== null) newest = Math.max(newest ?? 0, message.timestamp);
    const content = decodeMessageContent(message.body);
    if (content.type === "post" && message.timestamp !== null) {
      secrets.push({ ...secretKey(message.conversationId, message.sender, message.id), secret: content.secret, messageTs: message.timestamp, expiresAt: message.timestamp + EDIT_WINDOW_SECONDS });
    }
    if (content.type === "edit" || content.type === "delete") {
      const amendment = content.type === "edit" ? { kind: "edit" as const, target: content.target, seq: content.seq, text: content.text } : { kind: "delete" as const, target: content.target };
      const reason = await judge(store, message, amendment, content.proof, accepted, secrets);
      if (reason) {
        rejected.push({ message, error: new AmendNotAuthorizedError(content.target, reason) });
        continue;
      }
    }
    accepted.push(isAnnotation(content) ? { ...message, read: true } : message);
  }
  return { accepted, rejected, secrets, expiryCutoff: newest === null ? null : newest - EDIT_WINDOW_SECONDS - MSG_SECRET_EXPIRY_SLACK_SECONDS };
}

/** The key a post's secret is kept under: lower-case chat (conversation or group id), sender and message id. */
export function secretKey(chat: Hex, sender: string, msgId: string) {
  return { chat: chat.toLowerCase(), sender: sender.toLowerCase(), msgId: msgId.toLowerCase() };
}

async function judge(
  store: AdmitStore,
  message: MessageRecord,
  amendment: Parameters<typeof verifyAmendProof>[1],
  proof: Uint8Array,
  inStep: readonly MessageRecord[],
  stepSecrets: readonly MsgSecretEntry[],
): Promise<AmendRejection | null> {
  const targetId = amendment.target.toLowerCase();
  const target = inStep.find((m) => m.id.toLowerCase() === targetId) ?? (await store.messages.get(amendment.target));
  if (!target || target.conversationId.toLowerCase() !== message.conversationId.toLowerCase()) return "unknown-target";
  if (target.sender.toLowerCase() !== message.sender.toLowerCase()) return "not-sender";
  const post = decodeMessageContent(target.body);
  if (post.type !== "post") return "not-editable";
  const key = secretKey(message.conversationId, message.sender, target.id);
  const kept = stepSecrets.find((s) => s.msgId === key.msgId && s.chat === key.chat && s.sender === key.sender) ?? (await store.getMsgSecretWithTs(key.chat, key.sender, key.msgId));
  const postTs = kept?.messageTs || target.timestamp;
  if (postTs === null || message.timestamp === null || message.timestamp - postTs > EDIT_WINDOW_SECONDS) return "window";
  // A post that reached us outside this path (the first message of a prekey contact) has no kept secret: its stored
  // body holds it. An expired secret is deleted only after its window (and slack), which the check above enforces.
  return verifyAmendProof(kept?.secret ?? post.secret, amendment, proof) ? null : "proof";
}
