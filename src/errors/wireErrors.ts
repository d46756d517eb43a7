import { BaseError } from "./BaseError.ts";

/*
 * Errors of the binary codecs in src/wire (and of the identity storage format, which follows the same rules).
 * Every codec names itself in `format` (e.g. "key binding") so one error class serves every format; messages
 * carry only the format, field names, offsets and lengths, never field contents.
 */

/** The input ends before a field the format requires. */
export class TruncatedPayloadError extends BaseError<"WIRE_TRUNCATED"> {
  override name = "TruncatedPayloadError";
  readonly format: string;
  readonly needed: number;
  readonly available: number;
  constructor({ format, needed, available }: { format: string; needed: number; available: number }) {
    super("WIRE_TRUNCATED", `Truncated ${format}: needs ${needed} bytes, has ${available}.`);
    this.format = format;
    this.needed = needed;
    this.available = available;
  }
}

/** The input continues after the end of a complete value: it was not produced by this format's encoder. */
export class TrailingBytesError extends BaseError<"WIRE_TRAILING_BYTES"> {
  override name = "TrailingBytesError";
  readonly format: string;
  readonly extra: number;
  constructor({ format, extra }: { format: string; extra: number }) {
    super("WIRE_TRAILING_BYTES", `${extra} unexpected trailing bytes after a ${format}.`);
    this.format = format;
    this.extra = extra;
  }
}

/** The version byte names a version this implementation does not know (newer client, or not this format). */
export class UnknownVersionError extends BaseError<"WIRE_UNKNOWN_VERSION"> {
  override name = "UnknownVersionError";
  readonly format: string;
  readonly version: number;
  constructor({ format, version }: { format: string; version: number }) {
    super("WIRE_UNKNOWN_VERSION", `Unknown ${format} version ${version}.`);
    this.format = format;
    this.version = version;
  }
}

/** A field is present but its value is not allowed (out of range, duplicate, zero address, over a limit). */
export class InvalidFieldError extends BaseError<"WIRE_INVALID_FIELD"> {
  override name = "InvalidFieldError";
  readonly format: string;
  readonly field: string;
  constructor({ format, field, reason }: { format: string; field: string; reason: string }) {
    super("WIRE_INVALID_FIELD", `Invalid ${format} field "${field}": ${reason}.`);
    this.format = format;
    this.field = field;
  }
}
