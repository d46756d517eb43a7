import type { Address } from "viem";
import { BaseError } from "./BaseError.ts";

/** An Ed25519 signature over a handshake or response does not verify against the key its binding names. */
export class HandshakeSignatureError extends BaseError<"HANDSHAKE_BAD_SIGNATURE"> {
  override name = "HandshakeSignatureError";
  constructor(what: "handshake" | "response") {
    super("HANDSHAKE_BAD_SIGNATURE", `The ${what} signature does not verify (forged, altered or addressed to someone else).`);
  }
}

/** The log's on-chain sender is neither the bound account nor one of its delegates. */
export class SenderNotAuthorizedError extends BaseError<"HANDSHAKE_SENDER_NOT_AUTHORIZED"> {
  override name = "SenderNotAuthorizedError";
  constructor({ sender, account }: { sender: Address; account: Address }) {
    super("HANDSHAKE_SENDER_NOT_AUTHORIZED", `Transaction sender ${sender} may not act for ${account}.`);
  }
}

/** A response's binding names another account than the one the handshake addressed. */
export class WrongResponderError extends BaseError<"HANDSHAKE_WRONG_RESPONDER"> {
  override name = "WrongResponderError";
  constructor({ expected, actual }: { expected: Address; actual: Address }) {
    super("HANDSHAKE_WRONG_RESPONDER", `Response comes from ${actual}, but the handshake addressed ${expected}.`);
  }
}

/** The response box does not open with this pending handshake's key: it answers another handshake. */
export class ResponseNotForHandshakeError extends BaseError<"HANDSHAKE_RESPONSE_NOT_OURS"> {
  override name = "ResponseNotForHandshakeError";
  constructor() {
    super("HANDSHAKE_RESPONSE_NOT_OURS", "The response does not answer this handshake.");
  }
}

/** After decapsulation the response tag differs from the log's: the ML-KEM ciphertext or the log was altered. */
export class ResponseTagMismatchError extends BaseError<"HANDSHAKE_TAG_MISMATCH"> {
  override name = "ResponseTagMismatchError";
  constructor() {
    super("HANDSHAKE_TAG_MISMATCH", "The response tag does not match the key encapsulation.");
  }
}

/** A handshake addressed to ourselves, or a response from ourselves. */
export class SelfHandshakeError extends BaseError<"HANDSHAKE_SELF"> {
  override name = "SelfHandshakeError";
  constructor() {
    super("HANDSHAKE_SELF", "A handshake between an account and itself is not allowed.");
  }
}
