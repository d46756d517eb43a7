/**
 * The plaintext inside a `hushlog export` file (sealed by `sealBackup`: Argon2id + XChaCha20-Poly1305). Version 1:
 *
 * | offset | size | field                                                       |
 * |-------:|-----:|-------------------------------------------------------------|
 * |      0 |    4 | magic `HLBP` (0x48 0x4c 0x42 0x50)                           |
 * |      4 |    1 | version = 0x01                                              |
 * |      5 |    8 | exported at, ms since the epoch (u64 BE)                    |
 * |     13 |    … | sections to the end: kind (u8), length (u32 BE), bytes      |
 *
 * | kind | section (count)                | bytes                                        |
 * |-----:|--------------------------------|----------------------------------------------|
 * | 0x01 | account record (exactly 1)     | `encodeAccountRecord` (identity, wallet key, bindings) |
 * | 0x02 | session (any)                  | value: `SessionRecord`                       |
 * | 0x03 | message (any)                  | value: `MessageRecord`                       |
 * | 0x04 | pending transaction (any)      | value: `PendingRecord`                       |
 * | 0x05 | pending handshake (any)        | value: `PendingHandshakeRecord`              |
 * | 0x06 | handshake request (any)        | value: `HandshakeRequestRecord`              |
 * | 0x07 | sync cursor (any)              | value: `CursorRecord`                        |
 * | 0x08 | group record (any)             | u16 name length, name (UTF-8), the stored bytes (to the end) |
 * | 0x09 | group distribution (any)       | u8 id length, group id, u16 count, then per member: u16 length, device (UTF-8), u8 has key |
 * | 0x0a | own prekey (any)               | u32 id, u32 signed record length, signed prekey record, Kyber record (to the end) |
 *
 * Group records are the sender-key table's entries as stored (src/group/groupRecords.ts): index, group states,
 * sender keys; prekeys are the SignalStore's signed prekey and Kyber records. A backup without these sections (made
 * before they existed) restores no groups and no prekeys (the client publishes a new bundle).
 *
 * A value is a record in the stores' own serialized form (src/store/core/recordCodec.ts: version byte, then
 * tagged values), so a backup holds exactly the bytes the stores hold. Unknown kinds or tags are refused: a newer
 * backup is never half-read.
 */
import type { CursorRecord, HandshakeRequestRecord, MessageRecord, PendingHandshakeRecord, PendingRecord, SessionRecord } from "../index.ts";
import type { GroupRecords } from "../group/groupRecords.ts";
import type { OwnPrekeyRecord } from "../prekeys/ownPrekeyRecords.ts";
import { decodeRecord, encodeRecord } from "../store/core/recordCodec.ts";
import { bytesToHex, hexToBytes } from "viem";
import { ByteReader } from "../wire/ByteReader.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";
import { decodeAccountRecord, encodeAccountRecord, type AccountRecord } from "./accountRecord.ts";
import { badInput } from "./errors.ts";

export type BackupContents = {
  exportedAt: number;
  account: AccountRecord;
  sessions: SessionRecord[];
  messages: MessageRecord[];
  pending: PendingRecord[];
  pendingHandshakes: PendingHandshakeRecord[];
  requests: HandshakeRequestRecord[];
  cursors: CursorRecord[];
  groups: GroupRecords;
  prekeys: OwnPrekeyRecord[];
};

const magic = [0x48, 0x4c, 0x42, 0x50];
const version = 1;
const kinds = { account: 1, sessions: 2, messages: 3, pending: 4, pendingHandshakes: 5, requests: 6, cursors: 7, groupRecord: 8, groupDistribution: 9, prekey: 10 } as const;
type ListKey = Exclude<keyof typeof kinds, "account" | "groupRecord" | "groupDistribution" | "prekey">;
const listKeys = Object.keys(kinds).filter((k): k is ListKey => !["account", "groupRecord", "groupDistribution", "prekey"].includes(k));
const utf8 = new TextEncoder();
const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });
function fromUtf8(bytes: Uint8Array): string {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    throw badInput("the backup is malformed");
  }
}

export function encodeBackupContents(contents: BackupContents): Uint8Array {
  const w = new ByteWriter(4096);
  w.bytes(new Uint8Array(magic)).u8(version).u64(BigInt(contents.exportedAt));
  const section = (kind: number, bytes: Uint8Array) => w.u8(kind).u32(bytes.length).bytes(bytes);
  section(kinds.account, encodeAccountRecord(contents.account));
  for (const key of listKeys) {
    for (const record of contents[key]) section(kinds[key], encodeRecord(record));
  }
  for (const { name, value } of contents.groups.records) {
    const nameBytes = utf8.encode(name);
    section(kinds.groupRecord, new ByteWriter(2 + nameBytes.length + value.length).u16(nameBytes.length).bytes(nameBytes).bytes(value).finish());
  }
  for (const { groupId, devices } of contents.groups.distribution) {
    const id = hexToBytes(groupId);
    const d = new ByteWriter(64).u8(id.length).bytes(id).u16(devices.length);
    for (const [device, hasKey] of devices) {
      const deviceBytes = utf8.encode(device);
      d.u16(deviceBytes.length).bytes(deviceBytes).u8(hasKey ? 1 : 0);
    }
    section(kinds.groupDistribution, d.finish());
  }
  for (const { id, signed, kyber } of contents.prekeys) {
    section(kinds.prekey, new ByteWriter(8 + signed.length + kyber.length).u32(id).u32(signed.length).bytes(signed).bytes(kyber).finish());
  }
  return w.finish();
}

export function decodeBackupContents(bytes: Uint8Array): BackupContents {
  try {
    return decodeSections(new ByteReader("backup", bytes));
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("WIRE_") || (error as { code?: string }).code === "STORE_CORRUPT") {
      throw badInput("the backup is malformed");
    }
    throw error;
  }
}

function decodeSections(r: ByteReader): BackupContents {
  if (!r.bytesView(4).every((b, i) => b === magic[i])) throw badInput("the backup's contents are not a hushlog CLI backup");
  const found = r.u8();
  if (found !== version) throw badInput(`the backup's contents have version ${found}: upgrade hushlog to import it`);
  const exportedAt = Number(r.u64());
  let account: AccountRecord | undefined;
  const groups: GroupRecords = { records: [], distribution: [] };
  const prekeys: OwnPrekeyRecord[] = [];
  const lists: Record<ListKey, unknown[]> = { sessions: [], messages: [], pending: [], pendingHandshakes: [], requests: [], cursors: [] };
  while (r.remaining > 0) {
    const kind = r.u8();
    const body = r.bytesView(r.u32());
    if (kind === kinds.account) {
      if (account) throw badInput("the backup holds two account records");
      account = decodeAccountRecord(body);
      continue;
    }
    if (kind === kinds.groupRecord) {
      const g = new ByteReader("backup group record", body);
      groups.records.push({ name: fromUtf8(g.bytesView(g.u16())), value: g.rest().slice() });
      continue;
    }
    if (kind === kinds.groupDistribution) {
      const g = new ByteReader("backup group distribution", body);
      const groupId = bytesToHex(g.bytesView(g.u8()));
      const devices: [string, boolean][] = [];
      for (let n = g.u16(); n > 0; n--) {
        const device = fromUtf8(g.bytesView(g.u16()));
        const hasKey = g.u8();
        if (hasKey > 1) throw badInput("the backup is malformed");
        devices.push([device, hasKey === 1]);
      }
      g.end();
      groups.distribution.push({ groupId, devices });
      continue;
    }
    if (kind === kinds.prekey) {
      const p = new ByteReader("backup prekey", body);
      const id = p.u32();
      const signed = p.bytesCopy(p.u32());
      const kyber = p.rest().slice();
      if (signed.length === 0 || kyber.length === 0) throw badInput("the backup is malformed");
      prekeys.push({ id, signed, kyber });
      continue;
    }
    const key = listKeys.find((k) => kinds[k] === kind);
    if (!key) throw badInput(`the backup has an unknown section kind ${kind}: upgrade hushlog to import it`);
    lists[key].push(decodeRecord(body));
  }
  if (!account) throw badInput("the backup holds no account record");
  return { exportedAt, account, groups, prekeys, ...(lists as Omit<BackupContents, "exportedAt" | "account" | "groups" | "prekeys">) };
}
