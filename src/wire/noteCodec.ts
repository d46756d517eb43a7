import { MAX_NOTE_BYTES } from "../constants.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import type { ByteReader } from "./ByteReader.ts";
import type { ByteWriter } from "./ByteWriter.ts";

/** A public note: u16 BE byte length, then UTF-8 (at most MAX_NOTE_BYTES; length 0 = no note). */
export function writeNote(writer: ByteWriter, note: string | null | undefined, format: string): void {
  const bytes = new TextEncoder().encode(note ?? "");
  if (bytes.length > MAX_NOTE_BYTES) {
    throw new InvalidFieldError({ format, field: "note", reason: `${bytes.length} bytes, limit ${MAX_NOTE_BYTES}` });
  }
  writer.u16(bytes.length).bytes(bytes);
}

export function readNote(reader: ByteReader): string | null {
  const length = reader.u16();
  if (length > MAX_NOTE_BYTES) throw new InvalidFieldError({ format: reader.format, field: "note", reason: "too long" });
  if (length === 0) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(reader.bytesView(length));
  } catch (cause) {
    if (cause instanceof Error && cause.name === "TruncatedPayloadError") throw cause;
    throw new InvalidFieldError({ format: reader.format, field: "note", reason: "not valid UTF-8" });
  }
}
