import { BaseError } from "./BaseError.ts";

/** The payload's topic belongs to no chain of this session (or to one that has expired and was dropped). */
export class UnknownTopicError extends BaseError<"RATCHET_UNKNOWN_TOPIC"> {
  override name = "UnknownTopicError";
  constructor() {
    super("RATCHET_UNKNOWN_TOPIC", "The message's topic belongs to no active chain of this session.");
  }
}

/** The header names a message too far ahead of the chain (more than MAX_FORWARD_JUMP). */
export class TooFarAheadError extends BaseError<"RATCHET_TOO_FAR_AHEAD"> {
  override name = "TooFarAheadError";
  constructor({ jump, max }: { jump: number; max: number }) {
    super("RATCHET_TOO_FAR_AHEAD", `Message is ${jump} steps ahead of its chain (limit ${max}).`);
  }
}

/**
 * A message number below the chain position whose key is not stored: it was already decrypted (a replay or a
 * duplicate), or its skipped key expired or was evicted.
 */
export class MessageKeyUnavailableError extends BaseError<"RATCHET_KEY_UNAVAILABLE"> {
  override name = "MessageKeyUnavailableError";
  constructor({ index }: { index: number }) {
    super("RATCHET_KEY_UNAVAILABLE", `No key for message ${index}: already decrypted (duplicate or replay) or evicted.`);
  }
}

/** The header's ratchet key does not match the chain its topic names. */
export class HeaderMismatchError extends BaseError<"RATCHET_HEADER_MISMATCH"> {
  override name = "HeaderMismatchError";
  constructor() {
    super("RATCHET_HEADER_MISMATCH", "The message header does not belong to the chain of its topic.");
  }
}

/** A chain's counter reached its maximum; continuing would reuse message keys. */
export class ChainExhaustedError extends BaseError<"RATCHET_CHAIN_EXHAUSTED"> {
  override name = "ChainExhaustedError";
  constructor() {
    super("RATCHET_CHAIN_EXHAUSTED", "This sending chain reached its maximum message count.");
  }
}

/** The previous chain a message belongs to has expired (its late-message window closed). */
export class ChainExpiredError extends BaseError<"RATCHET_CHAIN_EXPIRED"> {
  override name = "ChainExpiredError";
  constructor() {
    super("RATCHET_CHAIN_EXPIRED", "The message belongs to a previous chain whose late-message window has closed.");
  }
}

/** A plaintext larger than MAX_PLAINTEXT_BYTES. */
export class PlaintextTooLargeError extends BaseError<"RATCHET_PLAINTEXT_TOO_LARGE"> {
  override name = "PlaintextTooLargeError";
  constructor({ size, max }: { size: number; max: number }) {
    super("RATCHET_PLAINTEXT_TOO_LARGE", `Plaintext of ${size} bytes exceeds the ${max}-byte limit.`);
  }
}
