import type { Address } from "viem";
import { BaseError } from "./BaseError.ts";

/** A prekey bundle's Ed25519 signature does not verify against the key its own binding names. */
export class PrekeyBundleSignatureError extends BaseError<"PREKEY_BUNDLE_BAD_SIGNATURE"> {
  override name = "PrekeyBundleSignatureError";
  constructor(account: Address) {
    super("PREKEY_BUNDLE_BAD_SIGNATURE", `The prekey bundle published by ${account} is not signed by the identity key it names.`);
  }
}

/** A bundle's binding names another account than the one that published it (a copied bundle). */
export class PrekeyBundleAccountError extends BaseError<"PREKEY_BUNDLE_WRONG_ACCOUNT"> {
  override name = "PrekeyBundleAccountError";
  constructor({ publisher, named }: { publisher: Address; named: Address }) {
    super("PREKEY_BUNDLE_WRONG_ACCOUNT", `A prekey bundle published by ${publisher} names ${named}: it is not ${publisher}'s bundle.`);
  }
}

/** The key binding inside a bundle does not verify on this chain and contract (EIP-712 / ERC-1271 / ERC-6492). */
export class PrekeyBundleBindingError extends BaseError<"PREKEY_BUNDLE_BAD_BINDING"> {
  override name = "PrekeyBundleBindingError";
  constructor(account: Address) {
    super("PREKEY_BUNDLE_BAD_BINDING", `The key binding in ${account}'s prekey bundle is not signed by ${account} for this deployment.`);
  }
}

/** None of our prekeys opens this prekey handshake: it is addressed to someone else (or to a deleted prekey). */
export class PrekeyHandshakeNotForUsError extends BaseError<"PREKEY_HANDSHAKE_NOT_OURS"> {
  override name = "PrekeyHandshakeNotForUsError";
  constructor() {
    super("PREKEY_HANDSHAKE_NOT_OURS", "The prekey handshake does not open with any of our current prekeys.");
  }
}

/**
 * Every check passed but the first message does not decrypt under the derived session: the ML-KEM ciphertext
 * or the message was altered, or the initiator used keys other than the ones it signed for.
 */
export class PrekeyFirstMessageError extends BaseError<"PREKEY_FIRST_MESSAGE_FAILED"> {
  override name = "PrekeyFirstMessageError";
  constructor(parameters: { cause?: unknown } = {}) {
    super("PREKEY_FIRST_MESSAGE_FAILED", "The first message of the prekey handshake does not decrypt under the derived session.", parameters);
  }
}
