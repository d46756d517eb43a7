/**
 * noble's pure-JS X25519 and Ed25519 (@noble/curves), loaded on first use: the fallback for a platform whose own
 * implementation (node:crypto, WebCrypto) is missing or fails its known-answer probe. Current releases of Chrome,
 * Firefox and Safari have both curves in WebCrypto and never load it, so the Edwards and Montgomery code (~9 kB
 * gzip) is not part of what a browser loads up front. Same functions, same bytes: only when they are
 * loaded changes. The two names come through ./nobleCurve25519Exports.ts, so that the lazy chunk holds only them
 * (a dynamic import of @noble/curves/ed25519.js itself keeps every export: hash-to-curve, FROST, OPRF, ~16 kB).
 *
 * @example
 * const { x25519 } = await nobleCurve25519();
 * const shared = x25519.getSharedSecret(secretKey, publicKey);
 */
export function nobleCurve25519(): Promise<typeof import("./nobleCurve25519Exports.ts")> {
  return import("./nobleCurve25519Exports.ts");
}
