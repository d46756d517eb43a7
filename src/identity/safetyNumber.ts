import { getAddress, hexToBytes, type Address, type Hex } from "viem";
import { sha512 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * SHA-512 rounds per half: makes a half with chosen digits cost an attacker about 2^13 more hashes per try (Signal's
 * figure), while computing a number stays a few milliseconds.
 */
const ITERATIONS = 5200;

/**
 * The safety number of a conversation: 60 digits (12 groups of 5) that both sides compute from the two accounts and
 * their devices' Ed25519 identity keys, in the same order on both sides, so two people can compare them (read aloud,
 * or side by side) and know that no one sits between them. It changes whenever either side's identity key changes.
 * Each side contributes 30 digits from an iterated SHA-512 over its key and account (Signal's construction).
 *
 * @example
 * safetyNumber({ account: alice, key: aliceEd25519 }, { account: bob, key: bobEd25519 })
 * // "12345 67890 …" (60 digits in 12 groups)
 */
export function safetyNumber(a: { account: Address; key: Hex }, b: { account: Address; key: Hex }): string {
  const [first, second] = BigInt(a.account) < BigInt(b.account) ? [a, b] : [b, a];
  return [...half(first), ...half(second)].join(" ");
}

function half({ account, key }: { account: Address; key: Hex }): string[] {
  const keyBytes = hexToBytes(key);
  const accountBytes = hexToBytes(getAddress(account));
  let digest = sha512(new Uint8Array([...labels.identity.safetyNumber, ...keyBytes, ...accountBytes]));
  const input = new Uint8Array(digest.length + keyBytes.length);
  for (let i = 1; i < ITERATIONS; i++) {
    input.set(digest);
    input.set(keyBytes, digest.length);
    digest = sha512(input);
  }
  // Six 5-digit groups, each from 5 bytes (40 bits) mod 100000: the bias is below 2^-23.
  return Array.from({ length: 6 }, (_, i) => {
    let value = 0;
    for (let j = 0; j < 5; j++) value = value * 256 + digest[5 * i + j]!;
    return String(value % 100000).padStart(5, "0");
  });
}
