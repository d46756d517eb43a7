import { SKIP_CHAIN_BRANCHING, SKIP_CHAIN_LEVELS } from "../constants.ts";
import { labels } from "../crypto/labels.ts";

/**
 * How the keys of a session's symmetric chains derive from the 32-byte chain key material each chain starts from.
 * Both sides of a session must use the same one, so it is a property of the session, chosen when the session is
 * created (by the handshake that creates it, which both sides read alike) and never changed:
 * - 1, the linear chain (Signal's KDF_CK): message key = HMAC(ck, 0x01), next chain key = HMAC(ck, 0x02). Reaching
 *   message n costs n steps, so a header claiming a far message number costs up to MAX_FORWARD_JUMP steps before its
 *   body can be checked. Every session created before chain KDF 2 keeps it (stored as session format 1).
 * - 2, the skip chain (skipChain.ts): any message key within MAX_FORWARD_JUMP in a few dozen HMACs, same forward
 *   secrecy. The default for new sessions.
 */
export type ChainKdfVersion = 1 | 2;

/** The chain KDF of sessions created without naming one. */
export const DEFAULT_CHAIN_KDF: ChainKdfVersion = 2;

/** The parameters skipChain.ts works with. The linear chain is the one-level case (its only level never ends). */
export type ChainKdf = {
  readonly version: ChainKdfVersion;
  /** Keys of one chain position: the message-level key and the next checkpoint of each higher level. */
  readonly levels: number;
  /** Keys per run on every level below the top one (the top level never ends); unused with one level. */
  readonly branching: number;
  /** HMAC message: message-level key -> message key. */
  readonly message: Uint8Array;
  /** HMAC message: a key -> the next key of its level. */
  readonly next: Uint8Array;
  /** HMAC message: a checkpoint -> the first key of the level below; null with one level. */
  readonly down: Uint8Array | null;
};

const kdfs: Record<ChainKdfVersion, ChainKdf> = {
  // Signal's KDF_CK bytes (as kdfChains.ts chainStep), not labels of the form in crypto/labels.ts: they predate it.
  1: { version: 1, levels: 1, branching: 1, message: Uint8Array.of(0x01), next: Uint8Array.of(0x02), down: null },
  2: {
    version: 2,
    levels: SKIP_CHAIN_LEVELS,
    branching: SKIP_CHAIN_BRANCHING,
    message: labels.ratchet.skipChainMessage,
    next: labels.ratchet.skipChainNext,
    down: labels.ratchet.skipChainDown,
  },
};

export function chainKdf(version: ChainKdfVersion): ChainKdf {
  return kdfs[version];
}

/** Bytes of key material a new chain starts from: 32 per level (its first key of each level). */
export function chainStartLength(version: ChainKdfVersion): number {
  return 32 * kdfs[version].levels;
}
