import type { Address } from "viem";
import type { DeviceBinding } from "../identity/KeyBinding.ts";

/**
 * An account's published prekey bundle whose format, owner and Ed25519 signature have been checked
 * (`openPrekeyBundle`). Public. The binding's own signature is checked by `findPrekeyBundle` (or the caller) with
 * `checkKeyBinding`.
 */
export type PrekeyBundle = {
  /** The account the bundle is for: the log's indexed account, equal to `owner.binding.account`. */
  account: Address;
  chainId: number;
  contract: Address;
  prekeyId: number;
  /** Unix seconds, as the owner stated it. */
  createdAt: number;
  signedPrekey: Uint8Array;
  kemPublicKey: Uint8Array;
  /** The account's binding and the device that owns these prekeys (first contacts reach that device). */
  owner: DeviceBinding;
  /** The bundle's bytes as published, and their SHA-256 (bound into every handshake made with it). */
  bytes: Uint8Array;
  hash: Uint8Array;
};
