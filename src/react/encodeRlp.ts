import { bytesToHex, hexToBytes, type Hex } from "viem";

/** An RLP item: a byte string (as hex) or a list of items. */
export type RlpItem = Hex | readonly RlpItem[];

/**
 * Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B), the few lines a signed transaction needs.
 * viem's `toRlp` would do the same with its cursor machinery (about 1.5 kB gzip that a wagmi app does not otherwise
 * ship in Hushlog's bundle).
 *
 * @example
 * encodeRlp(["0x01", "0x", ["0x7f"]]) // "0xc401 80c17f" without spaces
 */
export function encodeRlp(item: RlpItem): Hex {
  return bytesToHex(encode(item));
}

function encode(item: RlpItem): Uint8Array {
  if (typeof item === "string") {
    const bytes = hexToBytes(item);
    // A single byte below 0x80 is its own encoding.
    if (bytes.length === 1 && bytes[0]! < 0x80) return bytes;
    return withPrefix(0x80, bytes);
  }
  const parts = item.map(encode);
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return withPrefix(0xc0, body);
}

/** Short form below 56 bytes (base + length), long form above (base + 55 + length of the length, then the length). */
function withPrefix(base: number, body: Uint8Array): Uint8Array {
  let head: number[];
  if (body.length < 56) {
    head = [base + body.length];
  } else {
    const length: number[] = [];
    for (let n = body.length; n > 0; n = Math.floor(n / 256)) length.unshift(n % 256);
    head = [base + 55 + length.length, ...length];
  }
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
