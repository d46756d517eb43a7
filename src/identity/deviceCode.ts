import { hexToBytes, type Hex } from "viem";
import { sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is unambiguous. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A device's short public code, `XXXX-XXXX` (40 bits of SHA-256 over its Ed25519 identity key): what a wallet shows
 * in the binding statement, what `hushlog devices` lists and what a user compares between two screens. Enough to
 * tell one's own devices apart and to notice a stranger's; not a security check (that is the safety number).
 *
 * @example
 * deviceCode("0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c") // "7K2Q-9XMB"-like
 */
export function deviceCode(ed25519: Hex): string {
  const digest = sha256(new Uint8Array([...labels.identity.deviceCode, ...hexToBytes(ed25519)]));
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let out = "";
  for (let i = 7; i >= 0; i--) out += alphabet[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
