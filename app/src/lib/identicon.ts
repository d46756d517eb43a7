/** A 5x5 left-right symmetric pattern and a colour, both from an address's hex digits (which are a hash already). */
export type IdenticonPattern = { hue: number; cells: boolean[] };

/**
 * The identicon of `address`: the same everywhere (list, chat, requests, the header), so a person learns a contact's
 * face; two addresses that share their first and last characters still differ in the middle ones used here.
 *
 * @example
 * identicon("0x976EA74026E726554dB657fA54763abd0C3a0aa9").cells.length // 25
 */
export function identicon(address: string): IdenticonPattern {
  const hex = address.toLowerCase().replace(/^0x/, "").padEnd(40, "0");
  const nibble = (i: number) => parseInt(hex[i]!, 16);
  const hue = ((nibble(0) << 8) | (nibble(1) << 4) | nibble(2)) % 360;
  const cells: boolean[] = [];
  for (let row = 0; row < 5; row++) {
    const left = [0, 1, 2].map((col) => nibble(3 + row * 3 + col) % 2 === 1);
    cells.push(left[0]!, left[1]!, left[2]!, left[1]!, left[0]!);
  }
  return { hue, cells };
}
