import { keccak256, toHex, type Address, type Hex } from "viem";
import type { MessageRecord } from "../../../src/store/MessageStore.ts";
import type { PendingRecord } from "../../../src/store/PendingStore.ts";
import type { SessionRecord } from "../../../src/store/SessionStore.ts";
import type { PendingHandshakeRecord } from "../../../src/store/PendingHandshakeStore.ts";
import type { HandshakeRequestRecord } from "../../../src/store/HandshakeRequestStore.ts";

/** Deterministic, distinct test values. */
export const hash = (label: string): Hex => keccak256(toHex(label));
export const address = (label: string): Address => `0x${hash(label).slice(26)}` as Address;
export const bytes = (label: string, length = 32): Uint8Array => {
  const out = new Uint8Array(length);
  const seed = new TextEncoder().encode(label);
  for (let i = 0; i < length; i++) out[i] = (seed[i % seed.length]! * 31 + i * 7) & 0xff;
  return out;
};

export const alice = address("alice");
export const bob = address("bob");

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    conversationId: hash("conversation 1"),
    peer: bob,
    inboundTopics: [hash("topic current"), hash("topic next")],
    state: bytes("ratchet state", 1500),
    version: 1,
    updatedAt: 1_000,
    ...overrides,
  };
}

export function messageRecord(i: number, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: `message-${i}`,
    conversationId: hash("conversation 1"),
    direction: "in",
    sender: bob,
    body: bytes(`body ${i}`, 100),
    status: "received",
    txHash: hash(`tx ${i}`),
    blockNumber: 100n + BigInt(i),
    blockHash: hash(`block ${i}`),
    logIndex: i % 4,
    createdAt: 10_000 + i,
    timestamp: 1_700_000_000 + i,
    read: false,
    ...overrides,
  };
}

export function pendingRecord(overrides: Partial<PendingRecord> = {}): PendingRecord {
  return {
    id: "pending-1",
    kind: "message",
    conversationIds: [hash("conversation 1"), hash("conversation 2")],
    itemIds: ["message-1", "message-2"],
    status: "preparing",
    txHash: null,
    previousTxHashes: [],
    data: bytes("calldata", 300),
    nonce: null,
    sentAtBlock: 7n,
    blockNumber: null,
    blockHash: null,
    attempts: 0,
    error: null,
    createdAt: 5_000,
    updatedAt: 5_000,
    ...overrides,
  };
}

export function pendingHandshakeRecord(overrides: Partial<PendingHandshakeRecord> = {}): PendingHandshakeRecord {
  return {
    id: "handshake-1",
    peer: bob,
    secret: bytes("handshake secret", 2400),
    txHash: hash("handshake tx"),
    includedBlock: null,
    createdAt: 1_000,
    expiresAt: 100_000,
    ...overrides,
  };
}

export function requestRecord(overrides: Partial<HandshakeRequestRecord> = {}): HandshakeRequestRecord {
  return {
    id: `${hash("request tx")}:0`,
    from: alice,
    payload: bytes("handshake payload", 1300),
    note: "hi, it's alice",
    verified: true,
    status: "pending",
    txHash: hash("request tx"),
    logIndex: 0,
    blockNumber: 42n,
    receivedAt: 2_000,
    ...overrides,
  };
}
