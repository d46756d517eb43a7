import { BaseError } from "./BaseError.ts";

/** Authenticated decryption failed: wrong key, or the ciphertext, its tag or its associated data was altered. */
export class DecryptionFailedError extends BaseError<"CRYPTO_DECRYPTION_FAILED"> {
  override name = "DecryptionFailedError";
  constructor() {
    super("CRYPTO_DECRYPTION_FAILED", "Decryption failed: wrong key or altered data.");
  }
}

/** A key has the wrong length or is unusable (e.g. an X25519 public key of small order, giving an all-zero secret). */
export class InvalidKeyError extends BaseError<"CRYPTO_INVALID_KEY"> {
  override name = "InvalidKeyError";
  constructor(what: string, parameters: { cause?: unknown } = {}) {
    super("CRYPTO_INVALID_KEY", `Invalid ${what}.`, parameters);
  }
}
