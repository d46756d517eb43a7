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
 * A value is a tag byte and its body: 0x00 null, 0x01 false, 0x02 true, 0x03 number (float64 BE), 0x04 string
 * (u32 length, UTF-8), 0x05 bytes (u32 length), 0x06 bigint (sign byte, u32 length, magnitude BE), 0x07 array
 * (u32 count, values), 0x08 object (u32 count, then string key and value pairs). Unknown kinds or tags are
 * refused: a newer backup is never half-read.
 */
import type { CursorRecord, HandshakeRequestRecord, MessageRecord, PendingHandshakeRecord, PendingRecord, SessionRecord } from "../index.ts";
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
  const w = new Writer();
  w.bytes(new Uint8Array(magic)).u8(version).u64(BigInt(contents.exportedAt));
  const section = (kind: number, bytes: Uint8Array) => w.u8(kind).u32(bytes.length).bytes(bytes);
  section(kinds.account, encodeAccountRecord(contents.account));
  for (const key of listKeys) {
    for (const record of contents[key]) {
      const v = new Writer();
      v.value(record);
      section(kinds[key], v.finish());
    }
  }
  return w.finish();
}

export function decodeBackupContents(bytes: Uint8Array): BackupContents {
  const r = new Reader(bytes);
  if (!r.bytes(4).every((b, i) => b === magic[i])) throw badInput("the backup's contents are not a hushlog CLI backup");
  const found = r.u8();
  if (found !== version) throw badInput(`the backup's contents have version ${found}: upgrade hushlog to import it`);
  const exportedAt = Number(r.u64());
  let account: AccountRecord | undefined;
  const lists: Record<ListKey, unknown[]> = { sessions: [], messages: [], pending: [], pendingHandshakes: [], requests: [], cursors: [] };
  while (r.remaining > 0) {
    const kind = r.u8();
    const body = r.bytes(r.u32());
    if (kind === kinds.account) {
      if (account) throw badInput("the backup holds two account records");
      account = decodeAccountRecord(body);
      continue;
    }
    const key = listKeys.find((k) => kinds[k] === kind);
    if (!key) throw badInput(`the backup has an unknown section kind ${kind}: upgrade hushlog to import it`);
    const v = new Reader(body);
    lists[key].push(v.value(0));
    if (v.remaining !== 0) throw badInput("the backup is malformed (trailing bytes in a record)");
  }
  if (!account) throw badInput("the backup holds no account record");
  return { exportedAt, account, ...(lists as Omit<BackupContents, "exportedAt" | "account">) };
}

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  bytes(b: Uint8Array): this {
    this.chunks.push(b.slice());
    this.size += b.length;
    return this;
  }
  u8(n: number): this {
    return this.bytes(new Uint8Array([n]));
  }
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    return this.bytes(b);
  }
  u64(n: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n);
    return this.bytes(b);
  }
  value(v: unknown): this {
    if (v === null || v === undefined) return this.u8(0x00);
    if (v === false) return this.u8(0x01);
    if (v === true) return this.u8(0x02);
    if (typeof v === "number") {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v);
      return this.u8(0x03).bytes(b);
    }
    if (typeof v === "string") {
      const b = new TextEncoder().encode(v);
      return this.u8(0x04).u32(b.length).bytes(b);
    }
    if (v instanceof Uint8Array) return this.u8(0x05).u32(v.length).bytes(v);
    if (typeof v === "bigint") {
      const magnitude = v < 0n ? -v : v;
      const hex = magnitude.toString(16);
      const b = Uint8Array.from(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
      return this.u8(0x06).u8(v < 0n ? 1 : 0).u32(b.length).bytes(b);
    }
    if (Array.isArray(v)) {
      this.u8(0x07).u32(v.length);
      for (const item of v) this.value(item);
      return this;
    }
    if (typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      this.u8(0x08).u32(entries.length);
      for (const [key, x] of entries) this.value(key).value(x);
      return this;
    }
    throw new TypeError(`cannot encode a ${typeof v} in a backup`);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
      chunk.fill(0);
    }
    this.chunks = [];
    return out;
  }
}

class Reader {
  private offset = 0;
  private readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    this.data = data;
  }
  get remaining(): number {
    return this.data.length - this.offset;
  }
  bytes(length: number): Uint8Array {
    if (length > this.remaining) throw badInput("the backup is truncated");
    const out = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
  u8(): number {
    return this.bytes(1)[0]!;
  }
  u32(): number {
    const b = this.bytes(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }
  u64(): bigint {
    const b = this.bytes(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  }
  value(depth: number): unknown {
    if (depth > 32) throw badInput("the backup is malformed (nesting too deep)");
    const tag = this.u8();
    switch (tag) {
      case 0x00:
        return null;
      case 0x01:
        return false;
      case 0x02:
        return true;
      case 0x03: {
        const b = this.bytes(8);
        return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0);
      }
      case 0x04:
        try {
          return new TextDecoder("utf-8", { fatal: true }).decode(this.bytes(this.u32()));
        } catch {
          throw badInput("the backup is malformed (invalid UTF-8)");
        }
      case 0x05:
        return this.bytes(this.u32()).slice();
      case 0x06: {
        const negative = this.u8() === 1;
        const b = this.bytes(this.u32());
        const magnitude = b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString("hex")}`);
        return negative ? -magnitude : magnitude;
      }
      case 0x07: {
        const count = this.u32();
        if (count > this.remaining) throw badInput("the backup is truncated");
        return Array.from({ length: count }, () => this.value(depth + 1));
      }
      case 0x08: {
        const count = this.u32();
        if (count > this.remaining) throw badInput("the backup is truncated");
        const object: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const key = this.value(depth + 1);
          if (typeof key !== "string" || key === "__proto__") throw badInput("the backup is malformed (bad field name)");
          object[key] = this.value(depth + 1);
        }
        return object;
      }
      default:
        throw badInput(`the backup is malformed (unknown value tag ${tag})`);
    }
  }
}
