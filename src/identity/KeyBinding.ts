import type { Address, Hex } from "viem";

/** One device an account authorises: its Hushlog identity keys and, optionally, the key it sends transactions with. */
export type BoundDevice = {
  /** X25519 identity public key. */
  x25519: Hex;
  /** Ed25519 identity public key: what signs the device's handshakes and prekey bundles. */
  ed25519: Hex;
  /** An address this device submits transactions from (its own sending key), or null when it uses the account's. */
  sender: Address | null;
};

/**
 * An account's signed authorisation of its Hushlog devices (protocol v2; docs/protocol.md, "Key bindings"): an
 * EIP-712 statement by `account` that these devices may read and send messages as the account on this chain and
 * contract, numbered by `sequence` and valid until `expiresAt`. The account publishes it on chain (`Binding`
 * event); the valid published binding with the highest sequence is the account's current one and revokes every
 * earlier one. Signed by the account itself, so it verifies for EOAs (ecrecover, locally), deployed smart accounts
 * (ERC-1271) and counterfactual ones (ERC-6492), and EIP-7702 accounts either way.
 *
 * Typed data: see `keyBindingTypedData`. The wallet shows a readable `statement` computed from these fields
 * (`bindingStatement`); receivers recompute it, so it is never transmitted and can never say something else.
 */
export type KeyBinding = {
  account: Address;
  /** Higher replaces lower; see BINDING_MAX_SEQUENCE_STEP for why a step is bounded. */
  sequence: bigint;
  /** Unix seconds after which the binding authorises nothing. */
  expiresAt: bigint;
  /** Zero devices: the account has revoked every device. */
  devices: readonly BoundDevice[];
  /** Addresses allowed to submit transactions for the account besides its devices' senders (relayers). */
  delegates: readonly Address[];
  chainId: number;
  contract: Address;
  /** The account's signature: 65-byte (or 64-byte compact) ECDSA, ERC-1271 bytes, or an ERC-6492 wrapper. */
  signature: Hex;
};

/** One device of a binding, as a handshake, response or prekey bundle names it: the binding and the device's index. */
export type DeviceBinding = { binding: KeyBinding; device: number };
