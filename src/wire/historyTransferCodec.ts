import { bytesToHex, getAddress, hexToBytes, type Address, type Hex } from "viem";
import { MAX_HISTORY_ALIAS_BYTES, MAX_HISTORY_MESSAGE_ID_BYTES, MAX_PLAINTEXT_BYTES } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * The content of a history transfer between two devices of one account, version 1: what travels INSIDE the sealed
 * box of src/history/sealHistoryTransfer.ts. Never ratchet, session or sender-key state, nor message keys (see
 * docs/protocol.md, "Devices": two devices with one ratchet state would reuse message keys).
 *
 * | size     | field                                                                       |
 * |----------|-----------------------------------------------------------------------------|
 * | 1        | version = 0x01                                                              |
 * | 4        | chain id (u32)                                                              |
 * | 20       | Hushlog contract                                                            |
 * | 20       | account                                                                     |
 * | 8        | exportedAt: the exporter's clock, ms (u64); orders one exporter's transfers  |
 * | varint   | conversation count, then per conversation:                                  |
 * |   20     |   peer account (the conversation id is derived from chain, contract, both accounts) |
 * |   varint |   holder count, then 32 bytes each: Ed25519 keys of the devices holding its session |
 * |   varint |   message count, then per message:                                          |
 * |     varint + n | id (UTF-8, at most MAX_HISTORY_MESSAGE_ID_BYTES)                      |
 * |     1    |     flags: 0x01 outbound, 0x02 read, then which optional fields follow:     |
 * |          |       0x04 tx hash, 0x08 timestamp, 0x10 block number, 0x20 block hash, 0x40 log index |
 * |     1    |     status: 0 received (inbound), 1 confirmed, 2 final (outbound)           |
 * |     varint + n | body: the encoded content (at most MAX_PLAINTEXT_BYTES)               |
 * |     8    |     createdAt, ms (u64)                                                     |
 * |     32   |     if 0x04: tx hash                                                        |
 * |     8    |     if 0x08: block timestamp, seconds (u64)                                 |
 * |     8    |     if 0x10: block number (u64)                                             |
 * |     32   |     if 0x20: block hash                                                     |
 * |     4    |     if 0x40: log index (u32)                                                |
 * | varint   | nickname count, then per entry: alias (varint + UTF-8), address (20),     |
 * |          |   createdAt (u64), updatedAt (u64) (the app's alias mapping entries)        |
 *
 * A message's sender is implied: the peer for inbound, the account for outbound. Only settled messages travel
 * (received, confirmed, final): a message still in flight belongs to the exporter's pending transaction, and the
 * importer could never make its status true. Unknown flag bits, statuses that contradict the direction, trailing
 * bytes and over-long fields are typed wire errors.
 */
export const HISTORY_TRANSFER_VERSION = 0x01;
const format = "history transfer";

export type HistoryMessageStatus = "received" | "confirmed" | "final";

export type HistoryMessage = {
  id: string;
  direction: "in" | "out";
  status: HistoryMessageStatus;
  /** Encoded content. Secret. */
  body: Uint8Array;
  read: boolean;
  createdAt: number;
  timestamp: number | null;
  txHash: Hex | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  logIndex: number | null;
};

export type HistoryConversation = {
  peer: Address;
  /** Ed25519 keys of the devices that hold this conversation's session (where it can be continued). */
  holders: readonly Hex[];
  messages: readonly HistoryMessage[];
};

export type HistoryNickname = { alias: string; address: Address; createdAt: number; updatedAt: number };

export type HistoryTransfer = {
  chainId: number;
  contract: Address;
  account: Address;
  exportedAt: number;
  conversations: readonly HistoryConversation[];
  nicknames: readonly HistoryNickname[];
};

const statuses: readonly HistoryMessageStatus[] = ["received", "confirmed", "final"];
const OUT = 0x01;
const READ = 0x02;
const HAS_TX = 0x04;
const HAS_TIMESTAMP = 0x08;
const HAS_BLOCK = 0x10;
const HAS_BLOCK_HASH = 0x20;
const HAS_LOG_INDEX = 0x40;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function encodeHistoryTransfer(t: HistoryTransfer): Uint8Array {
  const w = new ByteWriter(4096);
  w.u8(HISTORY_TRANSFER_VERSION).u32(t.chainId).bytes(hexToBytes(t.contract)).bytes(hexToBytes(t.account)).u64(BigInt(t.exportedAt));
  w.uvarint(t.conversations.length);
  for (const c of t.conversations) {
    w.bytes(hexToBytes(c.peer)).uvarint(c.holders.length);
    for (const holder of c.holders) w.bytes(fixed(hexToBytes(holder), 32, "holder"));
    w.uvarint(c.messages.length);
    for (const m of c.messages) {
      text(w, m.id, MAX_HISTORY_MESSAGE_ID_BYTES, "message id");
      const flags =
        (m.direction === "out" ? OUT : 0) |
        (m.read ? READ : 0) |
        (m.txHash !== null ? HAS_TX : 0) |
        (m.timestamp !== null ? HAS_TIMESTAMP : 0) |
        (m.blockNumber !== null ? HAS_BLOCK : 0) |
        (m.blockHash !== null ? HAS_BLOCK_HASH : 0) |
        (m.logIndex !== null ? HAS_LOG_INDEX : 0);
      w.u8(flags).u8(statusCode(m));
      if (m.body.length > MAX_PLAINTEXT_BYTES) throw invalid("body", "longer than MAX_PLAINTEXT_BYTES");
      w.uvarint(m.body.length).bytes(m.body).u64(BigInt(m.createdAt));
      if (m.txHash !== null) w.bytes(fixed(hexToBytes(m.txHash), 32, "tx hash"));
      if (m.timestamp !== null) w.u64(BigInt(m.timestamp));
      if (m.blockNumber !== null) w.u64(m.blockNumber);
      if (m.blockHash !== null) w.bytes(fixed(hexToBytes(m.blockHash), 32, "block hash"));
      if (m.logIndex !== null) w.u32(m.logIndex);
    }
  }
  w.uvarint(t.nicknames.length);
  for (const n of t.nicknames) {
    text(w, n.alias, MAX_HISTORY_ALIAS_BYTES, "alias");
    w.bytes(hexToBytes(n.address)).u64(BigInt(n.createdAt)).u64(BigInt(n.updatedAt));
  }
  return w.finish();
}

/** Parses a transfer's content. Throws a typed wire error for anything but exactly one well-formed version-1 value. */
export function decodeHistoryTransfer(bytes: Uint8Array): HistoryTransfer {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== HISTORY_TRANSFER_VERSION) throw new UnknownVersionError({ format, version });
  const chainId = r.u32();
  const contract = address(r);
  const account = address(r);
  const exportedAt = safeNumber(r.u64(), "exportedAt");
  const conversations: HistoryConversation[] = [];
  for (let i = 0, n = count(r, "conversations", 20); i < n; i++) {
    const peer = address(r);
    const holders: Hex[] = [];
    for (let j = 0, h = count(r, "holders", 32); j < h; j++) holders.push(bytesToHex(r.bytesView(32)));
    const messages: HistoryMessage[] = [];
    for (let j = 0, m = count(r, "messages", 11); j < m; j++) messages.push(message(r));
    conversations.push({ peer, holders, messages });
  }
  const nicknames: HistoryNickname[] = [];
  for (let i = 0, n = count(r, "nicknames", 37); i < n; i++) {
    const alias = readText(r, MAX_HISTORY_ALIAS_BYTES, "alias");
    nicknames.push({ alias, address: address(r), createdAt: safeNumber(r.u64(), "createdAt"), updatedAt: safeNumber(r.u64(), "updatedAt") });
  }
  r.end();
  return { chainId, contract, account, exportedAt, conversations, nicknames };
}

function message(r: ByteReader): HistoryMessage {
  const id = readText(r, MAX_HISTORY_MESSAGE_ID_BYTES, "message id");
  const flags = r.u8();
  if (flags & ~(OUT | READ | HAS_TX | HAS_TIMESTAMP | HAS_BLOCK | HAS_BLOCK_HASH | HAS_LOG_INDEX)) throw invalid("flags", "unknown bits");
  const direction = flags & OUT ? "out" : "in";
  const status = statuses[r.u8()];
  if (!status || (direction === "in") !== (status === "received")) throw invalid("status", "not a settled status of this direction");
  const length = r.uvarint("body length");
  if (length > MAX_PLAINTEXT_BYTES) throw invalid("body", "longer than MAX_PLAINTEXT_BYTES");
  const body = r.bytesCopy(length);
  const createdAt = safeNumber(r.u64(), "createdAt");
  const txHash = flags & HAS_TX ? bytesToHex(r.bytesView(32)) : null;
  const timestamp = flags & HAS_TIMESTAMP ? safeNumber(r.u64(), "timestamp") : null;
  const blockNumber = flags & HAS_BLOCK ? r.u64() : null;
  const blockHash = flags & HAS_BLOCK_HASH ? bytesToHex(r.bytesView(32)) : null;
  const logIndex = flags & HAS_LOG_INDEX ? r.u32() : null;
  return { id, direction, status, body, read: (flags & READ) !== 0, createdAt, timestamp, txHash, blockNumber, blockHash, logIndex };
}

function statusCode(m: HistoryMessage): number {
  const code = statuses.indexOf(m.status);
  if (code < 0 || (m.direction === "in") !== (m.status === "received")) throw invalid("status", `${m.status} is not a settled status of an ${m.direction}bound message`);
  return code;
}

/** A count that cannot claim more entries than the bytes left could hold (`min` bytes each): no huge allocation. */
function count(r: ByteReader, field: string, min: number): number {
  const n = r.uvarint(field);
  if (n * min > r.remaining) throw invalid(field, "more entries than bytes");
  return n;
}

function address(r: ByteReader): Address {
  return getAddress(bytesToHex(r.bytesView(20)));
}

function safeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(field, "beyond 2^53");
  return Number(value);
}

function text(w: ByteWriter, value: string, max: number, field: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > max) throw invalid(field, `longer than ${max} bytes`);
  w.uvarint(bytes.length).bytes(bytes);
}

function readText(r: ByteReader, max: number, field: string): string {
  const length = r.uvarint(field);
  if (length > max) throw invalid(field, `longer than ${max} bytes`);
  try {
    return decoder.decode(r.bytesView(length));
  } catch {
    throw invalid(field, "not UTF-8");
  }
}

function fixed(bytes: Uint8Array, length: number, field: string): Uint8Array {
  if (bytes.length !== length) throw invalid(field, `not ${length} bytes`);
  return bytes;
}

const invalid = (field: string, reason: string) => new InvalidFieldError({ format, field, reason });
