import type { Address, Hex } from "viem";

/** An outbound handshake waiting for its response: holds the ephemeral secrets until answered or expired. */
export type PendingHandshakeRecord = {
  id: string;
  /** The account the handshake addresses (indexed). */
  peer: Address;
  /** Serialized handshake secret (ephemeral X25519 and ML-KEM keys, transcript). Secret: encrypted at rest. */
  secret: Uint8Array;
  /** Transaction hash of the handshake (indexed), null until broadcast. */
  txHash: Hex | null;
  /** Block that included the handshake transaction; responses are matched only once it is set. */
  includedBlock: bigint | null;
  createdAt: number;
  /** Milliseconds since the epoch after which the secrets are deleted. */
  expiresAt: number;
};

export interface PendingHandshakeStore {
  save(record: PendingHandshakeRecord): Promise<void>;
  get(id: string): Promise<PendingHandshakeRecord | null>;
  getByTxHash(txHash: Hex): Promise<PendingHandshakeRecord | null>;
  getByPeer(peer: Address): Promise<PendingHandshakeRecord[]>;
  list(): Promise<PendingHandshakeRecord[]>;
  delete(id: string): Promise<void>;
  /** Deletes records with `expiresAt <= now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}
