import { InvalidKeyError } from "../errors/cryptoErrors.ts";
import { constantTimeEqual } from "./bytes.ts";
import { nobleCurve25519 } from "./nobleCurve25519.ts";
import { nodeCrypto } from "./nodeCrypto.ts";
import { systemRandom, type RandomSource } from "./random.ts";
import { webCryptoAvailable, webX25519, webX25519KeyPair, webX25519KeyPairWithShared } from "./webCrypto.ts";

export type X25519KeyPair = { secretKey: Uint8Array; publicKey: Uint8Array };

const basePoint = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 9 : 0));
const zero = new Uint8Array(32);

/**
 * X25519(secretKey, publicKey), on the fastest implementation that passed its known-answer probe: node:crypto
 * (synchronous OpenSSL), then WebCrypto (browsers), then noble's pure-JS ladder (~10x slower, loaded only then). Async because
 * of WebCrypto. Rejects small-order public keys (all-zero output) with `InvalidKeyError`, as RFC 7748 advises
 * for protocols that need contributory behaviour.
 */
export async function x25519(secretKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  if (secretKey.length !== 32) throw new InvalidKeyError("X25519 secret key length");
  if (publicKey.length !== 32) throw new InvalidKeyError("X25519 public key length");
  const node = await nodeCrypto();
  let shared: Uint8Array;
  try {
    shared = node
      ? await node.x25519(secretKey, publicKey)
      : (await webCryptoAvailable())
      ? await webX25519(secretKey, publicKey)
      : (await nobleCurve25519()).x25519.getSharedSecret(secretKey, publicKey);
  } catch (cause) {
    throw new InvalidKeyError("X25519 public key", { cause });
  }
  if (constantTimeEqual(shared, zero)) throw new InvalidKeyError("X25519 public key (small order)");
  return shared;
}

export function x25519PublicKey(secretKey: Uint8Array): Promise<Uint8Array> {
  return x25519(secretKey, basePoint);
}

/**
 * A fresh key pair. With the default randomness and a platform implementation available, the platform generates
 * it (faster, and its key object is kept for the DHs that follow); an injected random source is always honoured.
 */
export async function x25519KeyPair(random: RandomSource = systemRandom): Promise<X25519KeyPair> {
  const node = await nodeCrypto();
  if (random === systemRandom && node) return node.x25519KeyPair();
  if (random === systemRandom && (await webCryptoAvailable())) return webX25519KeyPair();
  const secretKey = random(32);
  return { secretKey, publicKey: await x25519PublicKey(secretKey) };
}

/**
 * A fresh key pair and X25519(new secret, peerPublicKey): the sending half of a DH ratchet step. Same results as
 * `x25519KeyPair` then `x25519`, faster on WebCrypto (the key export overlaps the derivation); on node:crypto
 * it is exactly those two calls.
 */
export async function x25519KeyPairWithShared(
  peerPublicKey: Uint8Array,
  random: RandomSource = systemRandom,
): Promise<{ keyPair: X25519KeyPair; shared: Uint8Array }> {
  if (random === systemRandom && peerPublicKey.length === 32 && !(await nodeCrypto()) && (await webCryptoAvailable())) {
    let result: Awaited<ReturnType<typeof webX25519KeyPairWithShared>>;
    try {
      result = await webX25519KeyPairWithShared(peerPublicKey);
    } catch (cause) {
      throw new InvalidKeyError("X25519 public key", { cause });
    }
    if (constantTimeEqual(result.shared, zero)) throw new InvalidKeyError("X25519 public key (small order)");
    return result;
  }
  const keyPair = await x25519KeyPair(random);
  return { keyPair, shared: await x25519(keyPair.secretKey, peerPublicKey) };
}
