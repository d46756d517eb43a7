import { hkdfSha256, hmacSha256Pair } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * Root step (Signal's KDF_RK): HKDF-SHA256(ikm = DH output, salt = RK, info = root label) = RK' || CK.
 * The DH output is wiped: it is the secret the step consumes.
 */
export function rootStep(rootKey: Uint8Array, dhOutput: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const okm = hkdfSha256(dhOutput, rootKey, labels.ratchet.root, 64);
  dhOutput.fill(0);
  const out = { rootKey: okm.slice(0, 32), chainKey: okm.slice(32, 64) };
  okm.fill(0);
  return out;
}

/** Chain step (Signal's KDF_CK): message key = HMAC(CK, 0x01), next chain key = HMAC(CK, 0x02). */
export function chainStep(chainKey: Uint8Array): { messageKey: Uint8Array; chainKey: Uint8Array } {
  const [messageKey, next] = hmacSha256Pair(chainKey);
  return { messageKey, chainKey: next };
}
