import { bytesToHex, getAddress, hexToBytes, type Hex } from "viem";
import { MAX_GROUP_MEMBERS, MAX_HELD_MEMBERSHIP_CHANGES, MAX_SENDER_KEY_STATES } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { GroupChain, GroupState, MembershipChange } from "../group/Membership.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";
import { readChange, readMembership, writeChange, writeMembership } from "./groupControlCodec.ts";

/**
 * Stored group state, version 2 (kept in the store's sender-key table, encrypted at rest; version 1, whose
 * membership has no salt, is still read). Topics are stored as
 * their 16 significant bytes.
 *
 * | size    | field                                                                              |
 * |---------|------------------------------------------------------------------------------------|
 * | 1       | version = 0x02                                                                     |
 * | 16      | group id                                                                           |
 * | ...     | membership: epoch (u32) · creator (20) · salt (16) · name (u8 length, UTF-8) · members |
 * | 1       | flags: bit0 left (we were removed)                                                 |
 * | 1       | held change count (<= MAX_HELD_MEMBERSHIP_CHANGES), then changes as in group control |
 * | 2       | chain count (u16), then per chain: topic (16) · sender (20)                        |
 */
const VERSION = 0x02;
const format = "group state";
const maxChains = MAX_GROUP_MEMBERS * MAX_SENDER_KEY_STATES;

const compact = (topic: Hex) => hexToBytes(topic).subarray(0, 16);
const expand = (bytes: Uint8Array): Hex => `${bytesToHex(bytes)}${"0".repeat(32)}`;

export function encodeGroupState(state: GroupState): Uint8Array {
  const w = new ByteWriter(512).u8(VERSION).bytes(hexToBytes(state.membership.groupId));
  writeMembership(w, state.membership);
  w.u8(state.left ? 1 : 0).u8(state.held.length);
  for (const change of state.held) writeChange(w, change);
  w.u16(state.chains.length);
  for (const chain of state.chains) w.bytes(compact(chain.topic)).bytes(hexToBytes(chain.sender));
  return w.finish();
}

export function decodeGroupState(bytes: Uint8Array): GroupState {
  const r = new ByteReader(format, bytes);
  const version = r.u8();
  if (version !== VERSION && version !== 0x01) throw new UnknownVersionError({ format, version });
  const groupId = bytesToHex(r.bytesView(16));
  const membership = { groupId, ...readMembership(r, version) };
  const flags = r.u8();
  if (flags & ~1) throw new InvalidFieldError({ format, field: "flags", reason: "unknown bits set" });
  const heldCount = r.u8();
  if (heldCount > MAX_HELD_MEMBERSHIP_CHANGES) throw new InvalidFieldError({ format, field: "held changes", reason: "too many" });
  const held: MembershipChange[] = [];
  for (let i = 0; i < heldCount; i++) held.push(readChange(r));
  const chainCount = r.u16();
  if (chainCount > maxChains) throw new InvalidFieldError({ format, field: "chains", reason: "too many" });
  const chains: GroupChain[] = [];
  for (let i = 0; i < chainCount; i++) chains.push({ topic: expand(r.bytesView(16)), sender: getAddress(bytesToHex(r.bytesView(20))) });
  r.end();
  return { membership, left: (flags & 1) === 1, held, chains };
}
