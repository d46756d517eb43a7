/** base64url alphabet value of each ASCII code; 255 = not in the alphabet. */
const values = new Uint8Array(128).fill(255);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].entries()) values[c.charCodeAt(0)] = i;

/**
 * Decodes unpadded base64url (RFC 4648 §5), the encoding of JWK key members. A table loop rather than `atob`: it
 * runs on every generated ratchet key, where `atob` plus a per-character callback cost ~10 us per key here.
 */
export function base64UrlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error("invalid base64url length");
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let buffered = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? values[code]! : 255;
    if (value === 255) throw new Error("invalid base64url character");
    bits = (bits << 6) | value;
    buffered += 6;
    if (buffered >= 8) {
      buffered -= 8;
      out[at++] = (bits >>> buffered) & 0xff;
    }
  }
  return out;
}
