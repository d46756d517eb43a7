import { bytesToHex, concatBytes, hexToBytes, size, type Hex } from "viem";
import { MAX_MESSAGE_PAYLOAD_BYTES } from "../constants.ts";
import { PackedCalldataError } from "../errors/chainErrors.ts";

/**
 * Calldata for Hushlog's packed entry point (the contract's fallback). Byte layout, from Hushlog.sol:
 *
 * | kind | call      | after the kind byte                                                          |
 * |------|-----------|------------------------------------------------------------------------------|
 * | 0x00 | message   | topic (16) · payload                                                         |
 * | 0x01 | batch     | per entry: head u16 BE (bit 15 = reuse previous topic, bits 0-14 = length)   |
 * |      |           |            · topic (16, only without bit 15) · payload                       |
 * | 0x02 | handshake | recipientTag (32) · payload                                                  |
 * | 0x03 | response  | responseTag (32) · payload                                                   |
 * | 0x04 | prekeys   | bundle (bytes 1..20 = the account it declares: the contract indexes it)      |
 * | 0x05 | binding   | binding (bytes 1..20 = the account it declares)                              |
 *
 * Message topics are compact: 128 bits, logged left-aligned in the bytes32 topic, so a message topic is a
 * bytes32 whose last 16 bytes are zero (see `topics/`). Handshake and response tags are full 32-byte words.
 *
 * Compared with ABI encoding this drops the 4-byte selector and the 64 bytes of offset and length per
 * `bytes` argument; a batch also sends a topic once for consecutive messages of one conversation.
 */
export type PackedCall =
  | { kind: "message"; topic: Hex; payload: Uint8Array }
  | { kind: "batch"; messages: readonly { topic: Hex; payload: Uint8Array }[] }
  | { kind: "handshake"; recipientTag: Hex; payload: Uint8Array }
  | { kind: "response"; responseTag: Hex; payload: Uint8Array }
  | { kind: "prekeys"; bundle: Uint8Array }
  | { kind: "binding"; binding: Uint8Array };

export const packedKind = { message: 0x00, batch: 0x01, handshake: 0x02, response: 0x03, prekeys: 0x04, binding: 0x05 } as const;

/** An account record's version byte and declared account: the contract refuses anything shorter. */
const recordHead = 21;

export function encodePackedCall(call: PackedCall): Hex {
  switch (call.kind) {
    case "message":
      return join([Uint8Array.of(packedKind.message), compactTopic(call.topic), checkedPayload(call.payload)]);
    case "handshake":
      return join([Uint8Array.of(packedKind.handshake), word(call.recipientTag), call.payload]);
    case "response":
      return join([Uint8Array.of(packedKind.response), word(call.responseTag), call.payload]);
    case "prekeys":
      return join([Uint8Array.of(packedKind.prekeys), checkedRecord(call.bundle)]);
    case "binding":
      return join([Uint8Array.of(packedKind.binding), checkedRecord(call.binding)]);
    case "batch":
      return encodeBatch(call.messages);
  }
}

function encodeBatch(messages: readonly { topic: Hex; payload: Uint8Array }[]): Hex {
  if (messages.length === 0) throw new PackedCalldataError("a batch needs at least one message");
  const parts: Uint8Array[] = [Uint8Array.of(packedKind.batch)];
  let previous: Hex | undefined;
  for (const { topic, payload } of messages) {
    checkedPayload(payload);
    const reuse = previous !== undefined && previous.toLowerCase() === topic.toLowerCase();
    const head = payload.length | (reuse ? 0x8000 : 0);
    parts.push(Uint8Array.of(head >> 8, head & 0xff));
    if (!reuse) parts.push(compactTopic(topic));
    parts.push(payload);
    previous = topic;
  }
  return join(parts);
}

function checkedPayload(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_MESSAGE_PAYLOAD_BYTES) {
    throw new PackedCalldataError(`payload of ${payload.length} bytes exceeds ${MAX_MESSAGE_PAYLOAD_BYTES}`);
  }
  return payload;
}

function checkedRecord(record: Uint8Array): Uint8Array {
  if (record.length < recordHead) throw new PackedCalldataError(`an account record needs at least ${recordHead} bytes, got ${record.length}`);
  return record;
}

function word(value: Hex): Uint8Array {
  if (size(value) !== 32) throw new PackedCalldataError(`expected a 32-byte tag or topic, got ${size(value)} bytes`);
  return hexToBytes(value);
}

/** The 16 significant bytes of a compact message topic; refuses a topic whose low half is not zero. */
function compactTopic(topic: Hex): Uint8Array {
  const bytes = word(topic);
  if (bytes.subarray(16).some((b) => b !== 0)) {
    throw new PackedCalldataError("a packed message topic must be compact (last 16 bytes zero); use sendMessage for others");
  }
  return bytes.subarray(0, 16);
}

function join(parts: Uint8Array[]): Hex {
  return bytesToHex(concatBytes(parts));
}
