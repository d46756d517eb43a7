import { InvalidStoreInputError, StoreCorruptError } from "../../errors/storeErrors.ts";

/**
 * The serialized form of every stored record, shared by all backends (so a record means the same bytes in
 * memory, SQLite and IndexedDB, and IndexedDB can encrypt it whole). Writer and reader stay in one file, a
 * little over the usual length, so each tag can be checked against its counterpart and the table below.
 *
 * | bytes | meaning |
 * |---|---|
 * | 1 | format version, `0x01` |
 * | … | one value |
 *
 * A value is a tag byte and its body:
 * | tag | type | body |
 * |---|---|---|
 * | 0x00 / 0x01 / 0x02 | null / false / true | none |
 * | 0x03 | number | float64, little-endian |
 * | 0x04 | string | LEB128 byte length, UTF-8 |
 * | 0x05 | bytes (`Uint8Array`) | LEB128 length, raw bytes |
 * | 0x06 | bigint | sign byte (0 or 1 = negative), LEB128 length, magnitude big-endian |
 * | 0x07 | array | LEB128 count, values |
 * | 0x08 | object | LEB128 count, (LEB128 key length, UTF-8 key, value) pairs; `undefined` fields are left out |
 * | 0x09 | integer 0 … 2^53-1 | LEB128 |
 * | 0x0a | string `0x` + lowercase hex, even length | LEB128 byte length, the bytes (half the size of the text) |
 */
export type RecordValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | Uint8Array
  | readonly RecordValue[]
  | { readonly [field: string]: RecordValue | undefined };

const formatVersion = 1;
const maxDepth = 32;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

export function encodeRecord(value: unknown): Uint8Array {
  // One scratch writer for every record (encoding is synchronous, so never re-entered); the result is a copy.
  writer.offset = 0;
  writer.byte(formatVersion);
  writer.value(value, 0);
  return writer.buffer.slice(0, writer.offset);
}

export function decodeRecord<T>(bytes: Uint8Array): T {
  if (bytes.length === 0 || bytes[0] !== formatVersion) throw new StoreCorruptError("unknown record format");
  const reader = new Reader(bytes);
  const value = reader.value(0);
  if (reader.offset !== bytes.length) throw new StoreCorruptError("trailing bytes after a record");
  return value as T;
}

const byteHex = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** `0x` followed by an even number of lowercase hex digits: the form viem gives hashes and topics. */
function isLowercaseHex(s: string): boolean {
  if (s.length < 2 || s.length % 2 !== 0 || s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 120) return false;
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

const hexValue = (c: number) => (c <= 57 ? c - 48 : c - 87);

const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

class Writer {
  buffer = new Uint8Array(4096);
  view = new DataView(this.buffer.buffer);
  offset = 0;

  ensure(extra: number): void {
    if (this.offset + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.offset + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.offset));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buffer[this.offset++] = b;
  }

  varint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buffer[this.offset++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buffer[this.offset++] = n;
  }

  raw(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.offset);
    this.offset += bytes.length;
  }

  string(s: string): void {
    // Most stored text is ASCII (hex ids, addresses, statuses): copy it byte for byte, no encoder call.
    const length = s.length;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      // UTF-8 cannot carry an unpaired surrogate: storing one would silently change the text.
      if (!isWellFormed(s)) throw new InvalidStoreInputError("text with an unpaired surrogate");
      return this.raw(textEncoder.encode(s));
    }
    this.varint(length);
    this.ensure(length);
    const buffer = this.buffer;
    let o = this.offset;
    for (let i = 0; i < length; i++) buffer[o++] = s.charCodeAt(i);
    this.offset = o;
  }

  value(value: unknown, depth: number): void {
    if (depth > maxDepth) throw new InvalidStoreInputError("record nested too deeply");
    if (value === null) return this.byte(0x00);
    switch (typeof value) {
      case "boolean":
        return this.byte(value ? 0x02 : 0x01);
      case "number":
        if (Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0)) {
          this.byte(0x09);
          return this.varint(value);
        }
        this.byte(0x03);
        this.ensure(8);
        this.view.setFloat64(this.offset, value, true);
        this.offset += 8;
        return;
      case "string":
        if (isLowercaseHex(value)) {
          // Hashes, addresses and topics are most of the text stored: keep them as bytes.
          this.byte(0x0a);
          const length = (value.length - 2) / 2;
          this.varint(length);
          this.ensure(length);
          for (let i = 2; i < value.length; i += 2) this.buffer[this.offset++] = (hexValue(value.charCodeAt(i)) << 4) | hexValue(value.charCodeAt(i + 1));
          return;
        }
        this.byte(0x04);
        return this.string(value);
      case "bigint": {
        this.byte(0x06);
        this.byte(value < 0n ? 1 : 0);
        const hex = (value < 0n ? -value : value).toString(16);
        const digits = hex === "0" ? "" : hex.length % 2 ? `0${hex}` : hex;
        this.varint(digits.length / 2);
        this.ensure(digits.length / 2);
        for (let i = 0; i < digits.length; i += 2) this.buffer[this.offset++] = parseInt(digits.slice(i, i + 2), 16);
        return;
      }
      case "object":
        if (value instanceof Uint8Array) {
          this.byte(0x05);
          return this.raw(value);
        }
        if (Array.isArray(value)) {
          this.byte(0x07);
          this.varint(value.length);
          for (const item of value) this.value(item, depth + 1);
          return;
        }
        const prototype = Object.getPrototypeOf(value);
        if (prototype === Object.prototype || prototype === null) {
          const fields = Object.keys(value);
          let count = 0;
          for (const field of fields) if ((value as Record<string, unknown>)[field] !== undefined) count++;
          this.byte(0x08);
          this.varint(count);
          for (const field of fields) {
            const v = (value as Record<string, unknown>)[field];
            if (v === undefined) continue;
            this.string(field);
            this.value(v, depth + 1);
          }
          return;
        }
    }
    throw new InvalidStoreInputError(`cannot store a value of type ${describe(value)}`);
  }
}

const writer = new Writer();

class Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset = 1;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  take(length: number): number {
    const start = this.offset;
    if (length > this.bytes.length - start) throw new StoreCorruptError("truncated record");
    this.offset += length;
    return start;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.bytes[this.take(1)]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) break;
        return result;
      }
      scale *= 0x80;
    }
    throw new StoreCorruptError("bad length in a record");
  }

  string(): string {
    const length = this.varint();
    const start = this.take(length);
    const bytes = this.bytes;
    if (length <= 64) {
      let ascii = true;
      for (let i = start; i < start + length; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, start + length) as unknown as number[]);
    }
    try {
      return textDecoder.decode(bytes.subarray(start, start + length));
    } catch (cause) {
      throw new StoreCorruptError("bad text in a record", { cause });
    }
  }

  value(depth: number): RecordValue {
    if (depth > maxDepth) throw new StoreCorruptError("record nested too deeply");
    const tag = this.bytes[this.take(1)]!;
    switch (tag) {
      case 0x00:
        return null;
      case 0x01:
        return false;
      case 0x02:
        return true;
      case 0x03:
        return this.view.getFloat64(this.take(8), true);
      case 0x04:
        return this.string();
      case 0x05: {
        const length = this.varint();
        const start = this.take(length);
        // A copy into a plain Uint8Array, whatever the input was (a Buffer's `slice` would share memory).
        return new Uint8Array(this.bytes.subarray(start, start + length));
      }
      case 0x06: {
        const negative = this.bytes[this.take(1)]!;
        if (negative > 1) throw new StoreCorruptError("bad bigint sign in a record");
        const length = this.varint();
        const start = this.take(length);
        let hex = "";
        for (let i = start; i < start + length; i++) hex += this.bytes[i]!.toString(16).padStart(2, "0");
        const magnitude = length === 0 ? 0n : BigInt(`0x${hex}`);
        return negative ? -magnitude : magnitude;
      }
      case 0x07: {
        const count = this.varint();
        if (count > this.bytes.length - this.offset) throw new StoreCorruptError("truncated record");
        const items: RecordValue[] = [];
        for (let i = 0; i < count; i++) items.push(this.value(depth + 1));
        return items;
      }
      case 0x08: {
        const count = this.varint();
        if (count > this.bytes.length - this.offset) throw new StoreCorruptError("truncated record");
        const object: Record<string, RecordValue> = {};
        for (let i = 0; i < count; i++) {
          const field = this.string();
          const v = this.value(depth + 1);
          // A stored "__proto__" must become an own field, never the prototype.
          if (field === "__proto__") Object.defineProperty(object, field, { value: v, enumerable: true, writable: true, configurable: true });
          else object[field] = v;
        }
        return object;
      }
      case 0x09:
        return this.varint();
      case 0x0a: {
        const length = this.varint();
        const start = this.take(length);
        let hex = "0x";
        for (let i = start; i < start + length; i++) hex += byteHex[this.bytes[i]!];
        return hex;
      }
      default:
        throw new StoreCorruptError("unknown value tag in a record");
    }
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "object") return value?.constructor?.name ?? "object";
  return typeof value;
}
