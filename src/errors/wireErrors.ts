import { BaseError } from "./BaseError.ts";

/** The first byte of a payload names a format version this code does not know. */
export class UnknownVersionError extends BaseError<"WIRE_UNKNOWN_VERSION"> {
  override name = "UnknownVersionError";
  constructor({ format, version }: { format: string; version: number }) {
    super("WIRE_UNKNOWN_VERSION", `Unknown ${format} version ${version}.`);
  }
}

/** A payload ends before a field it needs. */
export class TruncatedPayloadError extends BaseError<"WIRE_TRUNCATED"> {
  override name = "TruncatedPayloadError";
  constructor({ format, need, have }: { format: string; need: number; have: number }) {
    super("WIRE_TRUNCATED", `Truncated ${format}: needs ${need} bytes, has ${have}.`);
  }
}

/** A payload has bytes after its last field. */
export class TrailingBytesError extends BaseError<"WIRE_TRAILING_BYTES"> {
  override name = "TrailingBytesError";
  constructor({ format, extra }: { format: string; extra: number }) {
    super("WIRE_TRAILING_BYTES", `${format} has ${extra} unexpected trailing bytes.`);
  }
}

/** A field holds a value outside its allowed range (a length, a count, a flag, an encoding). */
export class InvalidFieldError extends BaseError<"WIRE_INVALID_FIELD"> {
  override name = "InvalidFieldError";
  constructor({ format, field, reason }: { format: string; field: string; reason: string }) {
    super("WIRE_INVALID_FIELD", `Invalid ${field} in ${format}: ${reason}.`);
  }
}
