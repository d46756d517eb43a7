const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Unpadded base64url (RFC 4648 §5), the counterpart of `base64UrlDecode`: the compact text form of the browser
 * store's blind tags (16 bytes -> 22 characters), which IndexedDB compares as strings.
 *
 * @example
 * base64UrlEncode(new Uint8Array([0xfb, 0xff])) // "-_8"
 */
export function base64UrlEncode(bytes: Uint8Array): string {
  let text = "";
  let bits = 0;
  let buffered = 0;
  for (const byte of bytes) {
    bits = ((bits & 0xff) << 8) | byte;
    buffered += 8;
    while (buffered >= 6) {
      buffered -= 6;
      text += alphabet[(bits >>> buffered) & 63];
    }
  }
  if (buffered > 0) text += alphabet[(bits << (6 - buffered)) & 63];
  return text;
}
