import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError } from "../errors/wireErrors.ts";

/**
 * Bounds-checked reads over a byte array. Every read checks length first and throws a typed wire error naming
 * the format, so no codec can read past its input or silently accept garbage. Returned slices are views.
 */
export class ByteReader {
  readonly format: string;
  readonly bytes: Uint8Array;
  offset: number;

  constructor(format: string, bytes: Uint8Array, offset = 0) {
    this.format = format;
    this.bytes = bytes;
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  need(length: number): void {
    if (this.remaining < length) {
      throw new TruncatedPayloadError({ format: this.format, needed: this.offset + length, available: this.bytes.length });
    }
  }

  bytesView(length: number): Uint8Array {
    this.need(length);
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  /** A copy, for values that outlive the input buffer (keys kept in state). */
  bytesCopy(length: number): Uint8Array {
    return this.bytesView(length).slice();
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const value = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!;
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u64(): bigint {
    const high = BigInt(this.u32());
    return (high << 32n) | BigInt(this.u32());
  }

  /** Unsigned LEB128, at most 5 bytes and at most 2^32 - 1; non-minimal encodings are rejected. */
  uvarint(field: string): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw new InvalidFieldError({ format: this.format, field, reason: "non-minimal varint" });
        if (value > 0xffff_ffff) throw new InvalidFieldError({ format: this.format, field, reason: "varint over 32 bits" });
        return value;
      }
    }
    throw new InvalidFieldError({ format: this.format, field, reason: "varint longer than 5 bytes" });
  }

  rest(): Uint8Array {
    return this.bytesView(this.remaining);
  }

  end(): void {
    if (this.remaining !== 0) throw new TrailingBytesError({ format: this.format, extra: this.remaining });
  }
}
