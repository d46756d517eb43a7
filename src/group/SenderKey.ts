import type { Address, Hex } from "viem";

/**
 * Sender keys (reference 001): every group member encrypts its group messages on its own sender chain, and gives
 * the chain's current key to each other member once, over their 1:1 sessions. One chain is identified by its
 * topic: a compact 16-byte topic derived from the chain secret (see deriveSenderChainSeeds), so the topic a
 * message is posted on names its chain, with no chain id on the wire.
 *
 * Every type here is immutable by convention: operations return new values and never modify their inputs, so a
 * failed decrypt leaves the caller's state exactly as it was. Byte arrays may be shared between successive values.
 */

/** One of another member's sender chains, as we receive it. */
export type SenderKeyState = {
  /** Compact bytes32 topic (last 16 bytes zero): the chain's id and where its messages are posted. */
  readonly topic: Hex;
  /** Encrypts each message's iteration (hidden from outside observers). */
  readonly headerKey: Uint8Array;
  /** Ed25519 public key that signs every message of the chain: members cannot forge each other's messages. */
  readonly signingPublicKey: Uint8Array;
  /** The next iteration expected (lower ones are decrypted, skipped, or were before our key). */
  readonly iteration: number;
  /** Chain key at `iteration`. */
  readonly chainKey: Uint8Array;
};

/** A message key kept for a message that has not arrived yet (out-of-order delivery). */
export type SkippedGroupKey = {
  readonly topic: Hex;
  readonly iteration: number;
  readonly messageKey: Uint8Array;
  /** Unix seconds when stored (for the TTL and for "drop the oldest"). */
  readonly storedAt: number;
};

/** Everything we hold of one other member's sender keys in one group. */
export type SenderKeyRecord = {
  /** Newest first, at most MAX_SENDER_KEY_STATES. */
  readonly states: readonly SenderKeyState[];
  /** Oldest first, at most MAX_SENDER_KEY_SKIPPED_KEYS over all states. */
  readonly skipped: readonly SkippedGroupKey[];
};

/**
 * A key a member became entitled to but whose distribution is not yet known to be included on chain: the chain
 * key at the iteration the member may read from (0 for members of the chain's creation, the iteration at their
 * addition otherwise). Kept only until every listed member's distribution is included, then wiped, so the
 * sending state does not keep old keys longer than delivery needs.
 */
export type SenderKeyEntry = {
  readonly iteration: number;
  readonly chainKey: Uint8Array;
  readonly members: readonly Address[];
};

/** Our own sending chain in one group. Secret in its entirety. */
export type OwnSenderKey = {
  /** Random 32 bytes from which the chain's topic and header key derive; sent in every distribution. */
  readonly chainSecret: Uint8Array;
  readonly topic: Hex;
  readonly headerKey: Uint8Array;
  readonly signingKey: { readonly seed: Uint8Array; readonly publicKey: Uint8Array };
  /** Iteration of the next message we send. */
  readonly iteration: number;
  /** Chain key at `iteration`. */
  readonly chainKey: Uint8Array;
  readonly entries: readonly SenderKeyEntry[];
};

/** What a distribution gives one member: enough to read our chain from `iteration` on, and to verify it. */
export type SenderKeyDistribution = {
  readonly chainSecret: Uint8Array;
  readonly iteration: number;
  readonly chainKey: Uint8Array;
  readonly signingPublicKey: Uint8Array;
};
