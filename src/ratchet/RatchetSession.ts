import type { Hex } from "viem";
import type { X25519KeyPair } from "../crypto/x25519.ts";
import type { ChainKdfVersion } from "./chainKdf.ts";
import type { ChainKeys } from "./skipChain.ts";

export type Role = "initiator" | "responder";

/** Our current sending chain. Its ratchet key is always `RatchetSession.ourRatchetKey`. */
export type SendingChain = {
  /** The chain's keys at `index` (skipChain.ts): one chain key under chain KDF 1, three levels under 2. */
  chainKeys: ChainKeys;
  /** Number of the next message sent on this chain. */
  index: number;
  /** Compact bytes32 topic every message of this chain is posted on. */
  topic: Hex;
  headerKey: Uint8Array;
};

/** One of the peer's sending chains, as we receive it. */
export type ReceivingChain = {
  /** The peer's ratchet public key for this chain (every header of the chain repeats it). */
  ratchetKey: Uint8Array;
  /** The chain's keys at `index`, as in SendingChain. */
  chainKeys: ChainKeys;
  /** Number of the next message we expect on this chain (all lower ones are decrypted or in `skipped`). */
  index: number;
  topic: Hex;
  headerKey: Uint8Array;
  /**
   * Set when the peer moved on to a newer chain: late messages are accepted until BOTH bounds pass
   * (`block` is null when the caller never gave block numbers).
   */
  expiresAt: { time: number; block: bigint | null } | null;
};

/** A message key kept for a message that has not arrived yet (out-of-order delivery). */
export type SkippedKey = {
  /** Topic of the receiving chain it belongs to. */
  topic: Hex;
  index: number;
  messageKey: Uint8Array;
  /** Unix seconds when stored (for the TTL and for "drop the oldest"). */
  storedAt: number;
};

/**
 * The complete state of one side of a conversation. Immutable by convention: `ratchetEncrypt` and
 * `ratchetDecrypt` return a new session and never modify the one they are given, so a failed decrypt leaves the
 * caller's session exactly as it was. Byte arrays may be shared between successive sessions; see `wipeSession`.
 */
export type RatchetSession = {
  readonly role: Role;
  /** How every chain of the session derives its keys; chosen when the session is created, never changed. */
  readonly chainKdf: ChainKdfVersion;
  /** chainId (u64 BE) || contract (20 bytes): bound into every message's associated data. */
  readonly context: Uint8Array;
  readonly rootKey: Uint8Array;
  /** Our current ratchet key pair; null for an initiator that has not sent yet. */
  readonly ourRatchetKey: X25519KeyPair | null;
  /** The peer's newest ratchet public key; null for a responder that has not received yet. */
  readonly theirRatchetKey: Uint8Array | null;
  /** Null when our next message must start a new chain (after the peer started one). */
  readonly sending: SendingChain | null;
  /** Newest first, at most MAX_RECEIVING_CHAINS. */
  readonly receiving: readonly ReceivingChain[];
  /**
   * The peer's next chain, known in advance from our root key: its topic to listen on and the key of its first
   * header (which carries the peer's new ratchet key). Null while the peer cannot start a new chain yet.
   */
  readonly next: { readonly topic: Hex; readonly headerKey: Uint8Array } | null;
  /** Oldest first. */
  readonly skipped: readonly SkippedKey[];
};
