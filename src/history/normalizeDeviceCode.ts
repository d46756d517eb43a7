/**
 * A device code as `deviceCode` writes it: `7k2q9xmb`, `7K2Q-9XMB` and ` 7k2q-9xmb ` name one device.
 *
 * @example
 * normalizeDeviceCode("7k2q9xmb") // "7K2Q-9XMB"
 */
export function normalizeDeviceCode(code: string): string {
  const bare = code.trim().toUpperCase().replace(/[-\s]/g, "");
  return bare.length === 8 ? `${bare.slice(0, 4)}-${bare.slice(4)}` : code.trim().toUpperCase();
}
