import { hkdfSha256, hmacSha256Pair } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * Root step (Signal's KDF_RK): HKDF-SHA256(ikm = DH output, salt = RK, info = root label) = RK' || chain start.
 * The chain start is 32 bytes (the chain key) under chain KDF 1 and 96 under chain KDF 2 (its first key of each
 * level, skipChain.ts): the same HKDF output, longer (HKDF-Expand output is a prefix of any longer one), so RK'
 * and the first 32 bytes are the same under both. The DH output is wiped: it is the secret the step consumes.
 */
export function rootStep(
  rootKey: Uint8Array,
  dhOutput: Uint8Array,
  chainStartLength: number,
): { rootKey: Uint8Array; chainStart: Uint8Array } {
  const okm = hkdfSha256(dhOutput, rootKey, labels.ratchet.root, 32 + chainStartLength);
  dhOutput.fill(0);
  const out = { rootKey: okm.slice(0, 32), chainStart: okm.slice(32) };
  okm.fill(0);
  return out;
}

/**
 * Chain step of the linear chain (Signal's KDF_CK): message key = HMAC(CK, 0x01), next chain key = HMAC(CK, 0x02).
 * Group sender chains use it; 1:1 sessions step their chains through skipChain.ts (its one-level case is this).
 */
export function chainStep(chainKey: Uint8Array): { messageKey: Uint8Array; chainKey: Uint8Array } {
  const [messageKey, next] = hmacSha256Pair(chainKey);
  return { messageKey, chainKey: next };
}
