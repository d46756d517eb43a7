import { bytesToHex, hexToBytes, type Hex } from "viem";
import { PackedCalldataError } from "../errors/chainErrors.ts";
import { packedKind, type PackedCall } from "./encodePackedCall.ts";

/**
 * The inverse of `encodePackedCall`: what a packed call emits, so a client recovering from a crash can recognise
 * its own logs by their payloads. Layout in encodePackedCall.ts; malformed input throws `PackedCalldataError`.
 */
export function decodePackedCall(data: Hex | Uint8Array): PackedCall {
  const bytes = typeof data === "string" ? hexToBytes(data) : data;
  if (bytes.length === 0) throw new PackedCalldataError("empty calldata");
  const word = (at: number, size: number): Hex => {
    if (bytes.length < at + size) throw new PackedCalldataError("truncated");
    const out = new Uint8Array(32);
    out.set(bytes.subarray(at, at + size));
    return bytesToHex(out);
  };
  switch (bytes[0]) {
    case packedKind.message:
      return { kind: "message", topic: word(1, 16), payload: bytes.slice(17) };
    case packedKind.handshake:
      return { kind: "handshake", recipientTag: word(1, 32), payload: bytes.slice(33) };
    case packedKind.response:
      return { kind: "response", responseTag: word(1, 32), payload: bytes.slice(33) };
    case packedKind.prekeys:
      return { kind: "prekeys", bundle: bytes.slice(1) };
    case packedKind.binding:
      return { kind: "binding", binding: bytes.slice(1) };
    case packedKind.batch: {
      const messages: { topic: Hex; payload: Uint8Array }[] = [];
      let offset = 1;
      let topic: Hex | undefined;
      while (offset < bytes.length) {
        if (offset + 2 > bytes.length) throw new PackedCalldataError("truncated batch head");
        const head = (bytes[offset]! << 8) | bytes[offset + 1]!;
        offset += 2;
        if ((head & 0x8000) === 0) {
          topic = word(offset, 16);
          offset += 16;
        } else if (!topic) {
          throw new PackedCalldataError("batch entry reuses a topic before any was given");
        }
        const length = head & 0x7fff;
        if (offset + length > bytes.length) throw new PackedCalldataError("truncated batch payload");
        messages.push({ topic, payload: bytes.slice(offset, offset + length) });
        offset += length;
      }
      return { kind: "batch", messages };
    }
    default:
      throw new PackedCalldataError(`unknown kind ${bytes[0]}`);
  }
}
