import type { Address, Hex } from "viem";

export type HandshakeRequestStatus = "pending" | "accepted" | "declined";

/**
 * An incoming first contact, verified and waiting for the user to accept, decline or block it:
 * - "interactive": a handshake; accepting it posts the response;
 * - "prekey": a prekey first contact; its session already exists (status "request") with its first message, so
 *   accepting it is local and declining deletes them.
 * Either may come from an account we have a conversation with under a DIFFERENT identity key (`replacesKey`): a key
 * change, which the user must confirm before the new session replaces the conversation.
 */
export type HandshakeRequestRecord = {
  /** `${txHash}:${logIndex}` of the handshake log. */
  id: string;
  /** The account that asked (the binding's account; indexed). */
  from: Address;
  /** Absent in records written before protocol v2: "interactive". */
  kind?: "interactive" | "prekey";
  /** The handshake payload as logged (public bytes; kept to answer it later). */
  payload: Uint8Array;
  /** The initiator's note (interactive: public, anyone reading the chain can read it; prekey: none). */
  note: string | null;
  /** The requesting device's Ed25519 identity key (what a safety number is computed from). */
  deviceKey?: Hex;
  /** The identity key pinned for `from` that accepting would replace, when it differs: a key change. */
  replacesKey?: Hex | null;
  /** Prekey requests: the conversation id their held session lives under until accepted. */
  conversationId?: Hex | null;
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
