import type { Address, Hex } from "viem";

/**
 * An EIP-712 statement by `account`: "these are my Hushlog keys on this chain and contract, and these addresses
 * may submit transactions for me". Signed by the account itself, so it verifies for EOAs (ecrecover), deployed
 * smart accounts (ERC-1271) and counterfactual ones (ERC-6492).
 *
 * Typed data: domain { name: "Hushlog", version: "1", chainId, verifyingContract: contract }, primary type
 * KeyBinding { account: address, x25519: bytes32, ed25519: bytes32, delegates: address[], issuedAt: uint64 }.
 */
export type KeyBinding = {
  account: Address;
  /** X25519 identity public key. */
  x25519: Hex;
  /** Ed25519 identity public key. */
  ed25519: Hex;
  /** Addresses allowed to submit handshakes and messages for `account` (relayers, session keys). */
  delegates: readonly Address[];
  /** Unix seconds. */
  issuedAt: bigint;
  chainId: number;
  contract: Address;
  /** The account's signature: 65-byte ECDSA, ERC-1271 bytes, or an ERC-6492 wrapper. */
  signature: Hex;
};
