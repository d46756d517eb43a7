import { InvalidStoreInputError, StoreCorruptError } from "../../errors/storeErrors.ts";

/**
 * The serialized form of every stored record, shared by all backends (so a record means the same bytes in
 * memory, SQLite and IndexedDB, and IndexedDB can encrypt it whole).
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
  const writer = new Writer();
  writer.byte(formatVersion);
  writer.value(value, 0);
  return writer.finish();
}

export function decodeRecord<T>(bytes: Uint8Array): T {
  if (bytes.length === 0 || bytes[0] !== formatVersion) throw new StoreCorruptError("unknown record format");
  const reader = new Reader(bytes);
  const value = reader.value(0);
  if (reader.offset !== bytes.length) throw new StoreCorruptError("trailing bytes after a record");
  return value as T;
}

class Writer {
  buffer = new Uint8Array(256);
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
    if (s.length <= 42) {
      // At most 126 UTF-8 bytes: a one-byte length, so encode in place with no copy.
      this.ensure(1 + s.length * 3);
      const { written } = textEncoder.encodeInto(s, this.buffer.subarray(this.offset + 1));
      this.buffer[this.offset] = written;
      this.offset += 1 + written;
    } else {
      this.raw(textEncoder.encode(s));
    }
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
        // UTF-8 cannot carry an unpaired surrogate: storing one would silently change the text.
        if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new InvalidStoreInputError("text with an unpaired surrogate");
        this.byte(0x04);
        return this.string(value);
      case "bigint": {
        this.byte(0x06);
        this.byte(value < 0n ? 1 : 0);
        let magnitude = value < 0n ? -value : value;
        const digits: number[] = [];
        while (magnitude > 0n) {
          digits.push(Number(magnitude & 0xffn));
          magnitude >>= 8n;
        }
        return this.raw(Uint8Array.from(digits.reverse()));
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
          const entries = Object.entries(value).filter(([, v]) => v !== undefined);
          this.byte(0x08);
          this.varint(entries.length);
          for (const [field, v] of entries) {
            if (!(field as string & { isWellFormed(): boolean }).isWellFormed()) throw new InvalidStoreInputError("text with an unpaired surrogate");
            this.string(field);
            this.value(v, depth + 1);
          }
          return;
        }
    }
    throw new InvalidStoreInputError(`cannot store a value of type ${describe(value)}`);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.offset);
  }
}

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
    try {
      return textDecoder.decode(this.bytes.subarray(start, start + length));
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
        return this.bytes.slice(start, start + length);
      }
      case 0x06: {
        const negative = this.bytes[this.take(1)]!;
        const length = this.varint();
        const start = this.take(length);
        let magnitude = 0n;
        for (let i = start; i < start + length; i++) magnitude = (magnitude << 8n) | BigInt(this.bytes[i]!);
        if (negative > 1) throw new StoreCorruptError("bad bigint sign in a record");
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
          // Own data properties only: a stored "__proto__" must not reach the prototype.
          Object.defineProperty(object, field, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
      case 0x09:
        return this.varint();
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
