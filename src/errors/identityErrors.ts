import { BaseError } from "./BaseError.ts";

/** An account, contract or delegate address is not a valid 20-byte address (or is the zero address). */
export class InvalidAddressError extends BaseError<"IDENTITY_INVALID_ADDRESS"> {
  override name = "InvalidAddressError";
  readonly field: string;
  constructor({ field }: { field: string }) {
    super("IDENTITY_INVALID_ADDRESS", `Invalid ${field} address.`);
    this.field = field;
  }
}

/**
 * The wallet's answer to the seed message cannot seed keys: not hex, too short to hold a secret, or a 65-byte
 * value that is not a real ECDSA signature (e.g. a Safe "approved hash" marker, whose bytes are public).
 * Deriving keys from it would give keys anyone can recompute.
 */
export class InvalidSeedSignatureError extends BaseError<"IDENTITY_INVALID_SEED_SIGNATURE"> {
  override name = "InvalidSeedSignatureError";
  constructor(reason: string) {
    super("IDENTITY_INVALID_SEED_SIGNATURE", `The wallet's seed signature cannot be used: ${reason}.`, {
      metaMessages: ["Sign the seed message with the account's own key, or import a stored identity."],
    });
  }
}

/** Identity fields have the wrong sizes (a corrupted store record or a hand-built identity). */
export class InvalidIdentityError extends BaseError<"IDENTITY_INVALID"> {
  override name = "InvalidIdentityError";
  constructor(reason: string) {
    super("IDENTITY_INVALID", `Invalid identity: ${reason}.`);
  }
}

/** A delegate list breaks a rule: the account itself, the zero address, or more than the limit. */
export class InvalidDelegatesError extends BaseError<"IDENTITY_INVALID_DELEGATES"> {
  override name = "InvalidDelegatesError";
  constructor(reason: string) {
    super("IDENTITY_INVALID_DELEGATES", `Invalid delegates: ${reason}.`);
  }
}

/** A key binding is malformed (not merely unsigned): wrong key sizes, issuedAt out of range, bad delegates. */
export class InvalidKeyBindingError extends BaseError<"IDENTITY_INVALID_KEY_BINDING"> {
  override name = "InvalidKeyBindingError";
  constructor(reason: string) {
    super("IDENTITY_INVALID_KEY_BINDING", `Invalid key binding: ${reason}.`);
  }
}

/** The wallet's `signTypedData` returned something that is not a hex signature. */
export class InvalidBindingSignatureError extends BaseError<"IDENTITY_INVALID_BINDING_SIGNATURE"> {
  override name = "InvalidBindingSignatureError";
  constructor() {
    super("IDENTITY_INVALID_BINDING_SIGNATURE", "The wallet returned no usable key binding signature.");
  }
}

/** The public client is connected to another chain than the one the binding is checked for. */
export class ClientChainMismatchError extends BaseError<"IDENTITY_CLIENT_CHAIN_MISMATCH"> {
  override name = "ClientChainMismatchError";
  constructor({ clientChainId, chainId }: { clientChainId: number; chainId: number }) {
    super("IDENTITY_CLIENT_CHAIN_MISMATCH", `The public client is on chain ${clientChainId}, not ${chainId}.`);
  }
}

/**
 * Verification could not be completed because the RPC failed (unreachable, rate limited, timed out). This is
 * not a verdict on the binding: retry later. A binding that was checked and is invalid gives `false` instead.
 */
export class KeyBindingVerificationError extends BaseError<"IDENTITY_BINDING_VERIFICATION_FAILED"> {
  override name = "KeyBindingVerificationError";
  readonly account: string;
  constructor({ account, cause }: { account: string; cause: unknown }) {
    super("IDENTITY_BINDING_VERIFICATION_FAILED", `Could not verify the key binding of ${account}: the RPC failed.`, {
      cause,
      metaMessages: ["This is retryable; it does not mean the binding is invalid."],
    });
    this.account = account;
  }
}
