import type { Address } from "viem";
import type { KeyBinding } from "../identity/KeyBinding.ts";

/**
 * An account's published prekey bundle whose format, owner and Ed25519 signature have been checked
 * (`openPrekeyBundle`). Public. The binding's own EIP-712 signature needs an RPC and is checked by
 * `findPrekeyBundle` (or the caller) with `verifyKeyBinding`.
 */
export type PrekeyBundle = {
  /** The publishing account: the log's `account`, equal to `binding.account`. */
  account: Address;
  chainId: number;
  contract: Address;
  prekeyId: number;
  /** Unix seconds, as the owner stated it. */
  createdAt: number;
  signedPrekey: Uint8Array;
  kemPublicKey: Uint8Array;
  binding: KeyBinding;
  /** The bundle's bytes as published, and their SHA-256 (bound into every handshake made with it). */
  bytes: Uint8Array;
  hash: Uint8Array;
};
