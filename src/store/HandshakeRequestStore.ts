import type { Address, Hex } from "viem";

export type HandshakeRequestStatus = "pending" | "accepted" | "declined";

/** An incoming handshake, verified and waiting for the user to accept or decline it. */
export type HandshakeRequestRecord = {
  /** `${txHash}:${logIndex}` of the handshake log. */
  id: string;
  /** The account that asked (the binding's account; indexed). */
  from: Address;
  /** The handshake payload as logged (public bytes; kept to answer it later). */
  payload: Uint8Array;
  /** The initiator's note. Public: anyone reading the chain can read it. */
  note: string | null;
  /** Whether the key binding verified (EOA / ERC-1271 / ERC-6492) at reception. */
  verified: boolean;
  status: HandshakeRequestStatus;
  txHash: Hex;
  logIndex: number;
  blockNumber: bigint;
  receivedAt: number;
};

export interface HandshakeRequestStore {
  save(record: HandshakeRequestRecord): Promise<void>;
  get(id: string): Promise<HandshakeRequestRecord | null>;
  /** Requests, newest first, optionally only those with one status. */
  list(status?: HandshakeRequestStatus): Promise<HandshakeRequestRecord[]>;
  /** Throws `StoreNotFoundError` for an unknown id. */
  updateStatus(id: string, status: HandshakeRequestStatus): Promise<void>;
  delete(id: string): Promise<void>;
}
