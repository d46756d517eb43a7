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
 *
 * A value is a record in the stores' own serialized form (src/store/core/recordCodec.ts: version byte, then
 * tagged values), so a backup holds exactly the bytes the stores hold. Unknown kinds or tags are refused: a newer
 * backup is never half-read.
 */
import type { CursorRecord, HandshakeRequestRecord, MessageRecord, PendingHandshakeRecord, PendingRecord, SessionRecord } from "../index.ts";
import { decodeRecord, encodeRecord } from "../store/core/recordCodec.ts";
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
};

const magic = [0x48, 0x4c, 0x42, 0x50];
const version = 1;
const kinds = { account: 1, sessions: 2, messages: 3, pending: 4, pendingHandshakes: 5, requests: 6, cursors: 7 } as const;
type ListKey = Exclude<keyof typeof kinds, "account">;
const listKeys = Object.keys(kinds).filter((k): k is ListKey => k !== "account");

export function encodeBackupContents(contents: BackupContents): Uint8Array {
  const w = new ByteWriter(4096);
  w.bytes(new Uint8Array(magic)).u8(version).u64(BigInt(contents.exportedAt));
  const section = (kind: number, bytes: Uint8Array) => w.u8(kind).u32(bytes.length).bytes(bytes);
  section(kinds.account, encodeAccountRecord(contents.account));
  for (const key of listKeys) {
    for (const record of contents[key]) section(kinds[key], encodeRecord(record));
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
  const lists: Record<ListKey, unknown[]> = { sessions: [], messages: [], pending: [], pendingHandshakes: [], requests: [], cursors: [] };
  while (r.remaining > 0) {
    const kind = r.u8();
    const body = r.bytesView(r.u32());
    if (kind === kinds.account) {
      if (account) throw badInput("the backup holds two account records");
      account = decodeAccountRecord(body);
      continue;
    }
    const key = listKeys.find((k) => kinds[k] === kind);
    if (!key) throw badInput(`the backup has an unknown section kind ${kind}: upgrade hushlog to import it`);
    lists[key].push(decodeRecord(body));
  }
  if (!account) throw badInput("the backup holds no account record");
  return { exportedAt, account, ...(lists as Omit<BackupContents, "exportedAt" | "account">) };
}
