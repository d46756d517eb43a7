import { bytesToHex, getAddress, hexToBytes, type Address } from "viem";
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_BYTES } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import type { GroupControl } from "../group/GroupControl.ts";
import type { MembershipChange, MembershipRecord } from "../group/Membership.ts";
import type { SenderKeyDistribution } from "../group/SenderKey.ts";
import { readAddressList, writeAddressList } from "./addressList.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Group control message, version 2: the plaintext of a 1:1 ratchet message whose content type is 0x02 (see
 * client/messageContent.ts, where 0x01 is text). Secret: it travels only inside the 1:1 ratchet.
 *
 * | size    | field                                                                                        |
 * |---------|----------------------------------------------------------------------------------------------|
 * | 1       | content type = 0x02 (group control)                                                          |
 * | 1       | version = 0x02 (0x01, without the salt, is still read)                                       |
 * | 16      | group id                                                                                     |
 * | 1       | parts: bit0 membership, bit1 change, bit2 distribution (others zero; at least one set)       |
 * |         | [membership] epoch (u32) · creator (20) · salt (16; zero: a group from before v2) ·           |
 * |         |              name length (u8) · name (UTF-8) · members (list)                                |
 * |         | [change] epoch (u32) · added (list) · removed (list) · digest (16)                           |
 * |         | [distribution] chain secret (32) · iteration (uvarint) · chain key (32) · signing key (32)   |
 *
 * list = count (u8) · 20-byte accounts in strictly ascending order. A distribution alone is 116-120 bytes: with
 * its length prefix it fits the 128-byte padding bucket, so a 1:1 message carrying it is ~180-200 bytes.
 */
export const GROUP_CONTROL_CONTENT_TYPE = 0x02;
const VERSION = 0x02;
const format = "group control";
const te = new TextEncoder();

export function encodeGroupControl(control: GroupControl): Uint8Array {
  const w = new ByteWriter(256).u8(GROUP_CONTROL_CONTENT_TYPE).u8(VERSION).bytes(hexToBytes(control.groupId));
  const parts = (control.membership ? 1 : 0) | (control.change ? 2 : 0) | (control.distribution ? 4 : 0);
  if (parts === 0) throw new InvalidFieldError({ format, field: "parts", reason: "empty control message" });
  w.u8(parts);
  if (control.membership) writeMembership(w, control.membership);
  if (control.change) writeChange(w, control.change);
  if (control.distribution) writeDistribution(w, control.distribution);
  return w.finish();
}

export function decodeGroupControl(bytes: Uint8Array): GroupControl {
  const r = new ByteReader(format, bytes);
  const type = r.u8();
  if (type !== GROUP_CONTROL_CONTENT_TYPE) throw new InvalidFieldError({ format, field: "content type", reason: `not 0x02 (${type})` });
  const version = r.u8();
  if (version !== VERSION && version !== 0x01) throw new UnknownVersionError({ format, version });
  const groupId = bytesToHex(r.bytesView(16));
  const parts = r.u8();
  if (parts === 0 || parts & ~7) throw new InvalidFieldError({ format, field: "parts", reason: "none or unknown bits set" });
  const control: GroupControl = {
    groupId,
    ...(parts & 1 ? { membership: readMembership(r, version) } : {}),
    ...(parts & 2 ? { change: readChange(r) } : {}),
    ...(parts & 4 ? { distribution: readDistribution(r) } : {}),
  };
  r.end();
  return control;
}

export function writeMembership(w: ByteWriter, m: Omit<MembershipRecord, "groupId">): void {
  const name = te.encode(m.name);
  if (name.length > MAX_GROUP_NAME_BYTES) throw new InvalidFieldError({ format, field: "name", reason: "too long" });
  w.u32(m.epoch).bytes(hexToBytes(m.creator)).bytes(m.salt ? hexToBytes(m.salt) : new Uint8Array(16)).u8(name.length).bytes(name);
  writeAddressList(w, m.members);
}

/** `version` 1 records (before group ids were bound to creators) carry no salt. */
export function readMembership(r: ByteReader, version = VERSION): Omit<MembershipRecord, "groupId"> {
  const epoch = r.u32();
  const creator = readAddress(r);
  const saltBytes = version >= 2 ? r.bytesView(16) : null;
  const salt = saltBytes && saltBytes.some((b) => b !== 0) ? bytesToHex(saltBytes) : null;
  const nameLength = r.u8();
  if (nameLength > MAX_GROUP_NAME_BYTES) throw new InvalidFieldError({ format: r.format, field: "name", reason: "too long" });
  let name: string;
  try {
    name = new TextDecoder("utf-8", { fatal: true }).decode(r.bytesView(nameLength));
  } catch {
    throw new InvalidFieldError({ format: r.format, field: "name", reason: "not valid UTF-8" });
  }
  const members = readAddressList(r, "members", MAX_GROUP_MEMBERS);
  if (!members.some((a) => a.toLowerCase() === creator.toLowerCase())) {
    throw new InvalidFieldError({ format: r.format, field: "members", reason: "the creator is not a member" });
  }
  if (epoch === 0) throw new InvalidFieldError({ format: r.format, field: "epoch", reason: "zero" });
  return { epoch, creator, salt, name, members };
}

export function writeChange(w: ByteWriter, c: MembershipChange): void {
  w.u32(c.epoch);
  writeAddressList(w, c.added);
  writeAddressList(w, c.removed);
  w.bytes(c.digest);
}

export function readChange(r: ByteReader): MembershipChange {
  const epoch = r.u32();
  if (epoch < 2) throw new InvalidFieldError({ format: r.format, field: "change epoch", reason: "below 2" });
  const added = readAddressList(r, "added", MAX_GROUP_MEMBERS);
  const removed = readAddressList(r, "removed", MAX_GROUP_MEMBERS);
  if (added.length + removed.length === 0) throw new InvalidFieldError({ format: r.format, field: "change", reason: "empty" });
  return { epoch, added, removed, digest: r.bytesCopy(16) };
}

function writeDistribution(w: ByteWriter, d: SenderKeyDistribution): void {
  w.bytes(d.chainSecret).uvarint(d.iteration).bytes(d.chainKey).bytes(d.signingPublicKey);
}

function readDistribution(r: ByteReader): SenderKeyDistribution {
  return { chainSecret: r.bytesCopy(32), iteration: r.uvarint("iteration"), chainKey: r.bytesCopy(32), signingPublicKey: r.bytesCopy(32) };
}

function readAddress(r: ByteReader): Address {
  return getAddress(bytesToHex(r.bytesView(20)));
}
