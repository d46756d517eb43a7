import type { Address } from "viem";
import type { X25519KeyPair } from "../crypto/x25519.ts";

/**
 * What the initiator keeps between posting a handshake and completing it (DESIGN §2.3 step 5). Secret: stored
 * encrypted, deleted when answered or expired. The ML-KEM decapsulation key is kept as its 64-byte seed
 * (re-expanded on completion) rather than its 2,400 bytes.
 */
export type HandshakeSecret = {
  /** The initiator. */
  account: Address;
  /** The account the handshake addressed: the only account whose response is accepted. */
  recipient: Address;
  chainId: number;
  contract: Address;
  ephemeralKey: X25519KeyPair;
  kemSeed: Uint8Array;
  /** SHA-256 of the handshake payload, bound into the response signature and the root secret. */
  handshakeHash: Uint8Array;
  /** Unix seconds. */
  createdAt: number;
};
