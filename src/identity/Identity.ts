import type { Address } from "viem";

/**
 * A Hushlog identity: the keys derived from (or, for smart accounts that sign non-deterministically, stored
 * after) one wallet signature. Every field but `account` and the public keys is secret.
 *
 * Identities made by `deriveIdentity`/`decodeIdentity` redact their secrets from `JSON.stringify`,
 * `String()` and `util.inspect`.
 */
export type Identity = {
  readonly account: Address;
  readonly x25519: { readonly secretKey: Uint8Array; readonly publicKey: Uint8Array };
  readonly ed25519: { readonly seed: Uint8Array; readonly publicKey: Uint8Array };
  /** 64-byte ML-KEM-768 key seed, for published prekeys. */
  readonly mlKemSeed: Uint8Array;
};
