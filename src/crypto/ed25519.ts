import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import { nobleCurve25519 } from "./nobleCurve25519.ts";
import { nodeCrypto } from "./nodeCrypto.ts";
import { webCryptoAvailable, webEd25519PublicKey, webEd25519Sign, webEd25519Verify } from "./webCrypto.ts";

/**
 * Ed25519 (RFC 8032) over a 32-byte seed: node:crypto on Node, WebCrypto in browsers, noble otherwise (each
 * behind its known-answer probe; noble loaded only then). Verification is strict (RFC 8032 / cofactorless, non-canonical encodings
 * rejected) on every path so a signature's validity never depends on the platform.
 */
export async function ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array> {
  if (seed.length !== 32) throw new InvalidKeyError("Ed25519 seed length");
  const node = await nodeCrypto();
  if (node) return node.ed25519PublicKey(seed);
  return (await webCryptoAvailable()) ? webEd25519PublicKey(seed) : (await nobleCurve25519()).ed25519.getPublicKey(seed);
}

export async function ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  if (seed.length !== 32) throw new InvalidKeyError("Ed25519 seed length");
  const node = await nodeCrypto();
  if (node) return node.ed25519Sign(seed, message);
  return (await webCryptoAvailable()) ? webEd25519Sign(seed, message) : (await nobleCurve25519()).ed25519.sign(message, seed);
}

/** True only for a valid signature; malformed keys or signatures give false, never an exception. */
export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const node = await nodeCrypto();
    if (node) return await node.ed25519Verify(publicKey, message, signature);
    return (await webCryptoAvailable())
      ? await webEd25519Verify(publicKey, message, signature)
      : (await nobleCurve25519()).ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
