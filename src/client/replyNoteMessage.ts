import { bytesToHex, type Address, type Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { sha256 } from "../crypto/kdf.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import { encodeMessageContent } from "./messageContent.ts";

/**
 * The note a peer wrote when accepting our handshake, as the conversation's first received message. It travelled
 * inside the response's AEAD box (only we can read it), so it belongs with the conversation's messages: shown,
 * counted unread and kept, rather than living only in the `established` event of the sync that matched it.
 * Its id is local and stable: SHA-256 of the conversation and the response tag, which is unique per response.
 */
export function replyNoteMessage(input: { conversationId: Hex; sender: Address; note: string; log: HushlogLog; now: number }): MessageRecord {
  const { conversationId, log } = input;
  return {
    id: bytesToHex(sha256(new TextEncoder().encode(`${conversationId.toLowerCase()}/reply-note/${log.tag.toLowerCase()}`))),
    conversationId,
    direction: "in",
    sender: input.sender,
    body: encodeMessageContent(input.note),
    status: "received",
    txHash: log.transactionHash,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    logIndex: log.logIndex,
    createdAt: input.now,
    timestamp: null,
    read: false,
  };
}
