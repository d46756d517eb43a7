/** Appends fields into one growing buffer; `finish` returns exactly the bytes written. */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(capacity = 256) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Returns where to write. It may replace `this.buffer`, so callers read `this.buffer` only after calling it. */
  private reserve(extra: number): number {
    const at = this.length;
    if (at + extra > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, at + extra));
      grown.set(this.buffer.subarray(0, at));
      this.buffer.fill(0);
      this.buffer = grown;
    }
    this.length += extra;
    return at;
  }

  u8(value: number): this {
    const at = this.reserve(1);
    this.buffer[at] = value;
    return this;
  }

  u16(value: number): this {
    const at = this.reserve(2);
    this.buffer[at] = value >>> 8;
    this.buffer[at + 1] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    const at = this.reserve(4);
    this.buffer[at] = value >>> 24;
    this.buffer[at + 1] = (value >>> 16) & 0xff;
    this.buffer[at + 2] = (value >>> 8) & 0xff;
    this.buffer[at + 3] = value & 0xff;
    return this;
  }

  u64(value: bigint): this {
    return this.u32(Number((value >> 32n) & 0xffff_ffffn)).u32(Number(value & 0xffff_ffffn));
  }

  uvarint(value: number): this {
    const at = this.reserve(uvarintLength(value));
    writeUvarint(this.buffer, at, value);
    return this;
  }

  bytes(value: Uint8Array): this {
    const at = this.reserve(value.length);
    this.buffer.set(value, at);
    return this;
  }

  /** The written bytes (a copy); the internal buffer is zeroed, since it may have held secrets. */
  finish(): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    this.buffer.fill(0);
    return out;
  }
}

/** Encoded size of `value` as an unsigned LEB128 varint. */
export function uvarintLength(value: number): number {
  let length = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) length++;
  return length;
}

/** Writes `value` as an unsigned LEB128 varint at `offset`; returns the offset after it. */
export function writeUvarint(target: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let v = value;
  while (v >= 0x80) {
    target[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  target[at++] = v;
  return at;
}
