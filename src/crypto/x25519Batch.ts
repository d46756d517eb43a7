import { x25519 as nobleX25519 } from "@noble/curves/ed25519.js";
import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import { importPublicKey, importSecretKey, webCryptoAvailable } from "./webCrypto.ts";

/**
 * X25519(secretKey, P) for many public keys P at once: the recipient's side of a view-tag scan, where one secret
 * meets thousands of one-time keys. The secret is imported once per call and every derivation is issued at once,
 * so WebCrypto spreads them over its worker threads; no per-key caching (each P is seen once). An invalid or
 * small-order P gives null in its place instead of an error: in a scan it is just a log that is not ours.
 */
export async function x25519Batch(secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): Promise<(Uint8Array | null)[]> {
  if (secretKey.length !== 32) throw new InvalidKeyError("X25519 secret key length");
  if (!(await webCryptoAvailable())) return publicKeys.map((publicKey) => nobleShared(secretKey, publicKey));
  const subtle = globalThis.crypto.subtle;
  const secret = await importSecretKey("X25519", secretKey, ["deriveBits"]);
  return Promise.all(
    publicKeys.map(async (publicKey) => {
      if (publicKey.length !== 32) return null;
      try {
        const peer = await importPublicKey("X25519", publicKey, []);
        return contributory(new Uint8Array(await subtle.deriveBits({ name: "X25519", public: peer }, secret, 256)));
      } catch {
        return null;
      }
    }),
  );
}

function nobleShared(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array | null {
  if (publicKey.length !== 32) return null;
  try {
    return contributory(nobleX25519.getSharedSecret(secretKey, publicKey));
  } catch {
    return null;
  }
}

/** RFC 7748's check for small-order points: an all-zero output carries no secret. */
function contributory(shared: Uint8Array): Uint8Array | null {
  let any = 0;
  for (const byte of shared) any |= byte;
  return any === 0 ? null : shared;
}
