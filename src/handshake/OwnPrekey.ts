import type { X25519KeyPair } from "../crypto/x25519.ts";

/**
 * One of our published prekey bundles, as the protocol needs it to recognise and accept prekey handshakes.
 * Secret. Built from the signed prekey and Kyber prekey records of the same id (prekeys/loadOwnPrekeys.ts).
 */
export type OwnPrekey = {
  id: number;
  /** The signed X25519 prekey (SPK): view tags, the handshake box and DH1/DH3 come from it. */
  signedPrekey: X25519KeyPair;
  /** 64-byte seed of the ML-KEM-768 last-resort key published with it. */
  kemSeed: Uint8Array;
  /** SHA-256 of the bundle exactly as published: the initiator signs it and it salts the root secret. */
  bundleHash: Uint8Array;
};
