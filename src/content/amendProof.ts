import { hexToBytes, type Hex } from "viem";
import { AMEND_PROOF_BYTES } from "../constants.ts";
import { constantTimeEqual } from "../crypto/bytes.ts";
import { hmacSha256, sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";

/** What an edit or a delete commits to: the post it amends, and for an edit its sequence and new text. */
export type Amendment = { kind: "edit"; target: Hex; seq: number; text: string } | { kind: "delete"; target: Hex };

/**
 * The proof an edit or a delete carries: HMAC-SHA256(post secret, label · kind · target id · seq u16 ·
 * SHA-256(text)) truncated to AMEND_PROOF_BYTES (a delete has seq 0 and empty text). Only someone who holds the
 * post's secret, which travelled inside the post, can make it; a receiver keeps the secret only for the edit
 * window (MsgSecretStore), so no proof verifies after it. See docs/protocol.md, "Content types", for what this
 * adds to the sender authentication the ratchet and the sender-key signatures already give.
 *
 * @example
 * const proof = amendProof(post.secret, { kind: "edit", target: postId, seq: 1, text: "fixed typo" });
 */
export function amendProof(secret: Uint8Array, amendment: Amendment): Uint8Array {
  const text = amendment.kind === "edit" ? amendment.text : "";
  const message = new ByteWriter(128)
    .bytes(labels.content.amendProof)
    .u8(amendment.kind === "edit" ? 1 : 2)
    .bytes(hexToBytes(amendment.target))
    .u16(amendment.kind === "edit" ? amendment.seq : 0)
    .bytes(sha256(new TextEncoder().encode(text)))
    .finish();
  return hmacSha256(secret, message).slice(0, AMEND_PROOF_BYTES);
}

/** Whether `proof` is the proof of `amendment` under `secret` (constant time). */
export function verifyAmendProof(secret: Uint8Array, amendment: Amendment, proof: Uint8Array): boolean {
  return constantTimeEqual(amendProof(secret, amendment), proof);
}
