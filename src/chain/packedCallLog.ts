import type { Hex } from "viem";
import { decodePackedCall } from "./decodePackedCall.ts";
import type { HushlogEventName } from "./HushlogLog.ts";

/**
 * The log a packed call emits first: its event, the tags to query it by, and its payload. What lets a client
 * recognise its own transaction by what it put on chain, whatever the transaction's hash or outer sender
 * (a speed-up, a re-inclusion after a reorg, a smart account's batch).
 *
 * @example
 * const { event, tags, payload } = packedCallLog(record.data);
 */
export function packedCallLog(data: Hex | Uint8Array): { event: HushlogEventName; tags: Hex[] | undefined; payload: Uint8Array } {
  const call = decodePackedCall(data);
  switch (call.kind) {
    case "message":
      return { event: "Message", tags: [call.topic], payload: call.payload };
    case "batch":
      return { event: "Message", tags: [...new Set(call.messages.map((m) => m.topic))], payload: call.messages[0]!.payload };
    case "handshake":
      return { event: "Handshake", tags: [call.recipientTag], payload: call.payload };
    case "response":
      return { event: "HandshakeResponse", tags: [call.responseTag], payload: call.payload };
    case "prekeys":
      return { event: "Prekeys", tags: undefined, payload: call.bundle };
    case "binding":
      return { event: "Binding", tags: undefined, payload: call.binding };
  }
}

/** Byte equality of two payloads. */
export function samePayload(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
