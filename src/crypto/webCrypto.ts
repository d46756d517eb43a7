import { base64UrlDecode } from "./base64UrlDecode.ts";
import { passesKnownAnswers } from "./passesKnownAnswers.ts";
import { pkcs8Prefix, type CurveAlgorithm as Algorithm } from "./pkcs8Prefix.ts";

/**
 * The platform's WebCrypto X25519 and Ed25519 (Node >= 22, current Chromium/Firefox/Safari), behind a one-time
 * probe. Measured on the reference machine: X25519 through WebCrypto ~0.2 ms, noble's pure-JS ladder ~2.2 ms;
 * that difference decides whether a DH ratchet step fits its budget, so it is used whenever it works, with noble
 * as the fallback (same results, checked by the probe against RFC 7748 / RFC 8032 vectors). On Node, `nodeCrypto.ts`
 * reaches the same OpenSSL code synchronously and is preferred; this is the browsers' path.
 */

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;

export function importSecretKey(algorithm: Algorithm, secretKey: Uint8Array, usages: KeyUsage[], extractable = false) {
  const pkcs8 = new Uint8Array(48);
  pkcs8.set(pkcs8Prefix[algorithm]);
  pkcs8.set(secretKey, 16);
  return subtle()!
    .importKey("pkcs8", pkcs8, { name: algorithm }, extractable, usages)
    .finally(() => pkcs8.fill(0));
}

export function importPublicKey(algorithm: Algorithm, publicKey: Uint8Array, usages: KeyUsage[], extractable = false) {
  return subtle()!.importKey("raw", publicKey as Uint8Array<ArrayBuffer>, { name: algorithm }, extractable, usages);
}

/** Imported X25519 public keys: a peer's ratchet key is used twice (our receiving DH, then our sending DH). */
const publicKeyCache = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function cachedX25519PublicKey(publicKey: Uint8Array): Promise<CryptoKey> {
  let key = publicKeyCache.get(publicKey);
  if (!key) {
    key = importPublicKey("X25519", publicKey, []);
    publicKeyCache.set(publicKey, key);
    key.catch(() => publicKeyCache.delete(publicKey));
  }
  return key;
}

/**
 * Imported secret keys, by the identity of their byte array. A PKCS#8 import costs more than the X25519 itself
 * (160 us vs 100 us here), and a ratchet key is used up to three times (public key, sending DH, receiving DH),
 * an identity key for every signature. Keyed weakly: a cached CryptoKey lives only as long as its array.
 */
const secretKeyCache = { X25519: new WeakMap<Uint8Array, Promise<CryptoKey>>(), Ed25519: new WeakMap<Uint8Array, Promise<CryptoKey>>() };

function cachedSecretKey(algorithm: Algorithm, secretKey: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  // A wiped array must not keep working through its cached CryptoKey.
  if (!secretKey.some((byte) => byte !== 0)) return Promise.reject(new Error("all-zero secret key"));
  const cache = secretKeyCache[algorithm];
  let key = cache.get(secretKey);
  if (!key) {
    key = importSecretKey(algorithm, secretKey, usages);
    cache.set(secretKey, key);
    key.catch(() => cache.delete(secretKey));
  }
  return key;
}

export async function webX25519(secretKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  const [secret, pub] = await Promise.all([cachedSecretKey("X25519", secretKey, ["deriveBits"]), cachedX25519PublicKey(publicKey)]);
  return new Uint8Array(await subtle()!.deriveBits({ name: "X25519", public: pub }, secret, 256));
}

/**
 * A fresh key pair and its DH with `peerPublicKey`, with the key export running alongside the derivation: the
 * sending side of a DH ratchet step in one platform round.
 */
export async function webX25519KeyPairWithShared(
  peerPublicKey: Uint8Array,
): Promise<{ keyPair: { secretKey: Uint8Array; publicKey: Uint8Array }; shared: Uint8Array }> {
  const [pair, peer] = await Promise.all([
    subtle()!.generateKey({ name: "X25519" }, true, ["deriveBits"]) as Promise<CryptoKeyPair>,
    cachedX25519PublicKey(peerPublicKey),
  ]);
  const [jwk, bits] = await Promise.all([
    subtle()!.exportKey("jwk", pair.privateKey),
    subtle()!.deriveBits({ name: "X25519", public: peer }, pair.privateKey, 256),
  ]);
  const secretKey = base64UrlDecode(jwk.d!);
  secretKeyCache.X25519.set(secretKey, Promise.resolve(pair.privateKey));
  return { keyPair: { secretKey, publicKey: base64UrlDecode(jwk.x!) }, shared: new Uint8Array(bits) };
}

/**
 * A fresh key pair from the platform's generator (143 us here, against 260 us for importing random bytes and
 * deriving the public key), with its CryptoKey cached for the DHs that follow.
 */
export async function webX25519KeyPair(): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  const pair = (await subtle()!.generateKey({ name: "X25519" }, true, ["deriveBits"])) as CryptoKeyPair;
  const jwk = await subtle()!.exportKey("jwk", pair.privateKey);
  const secretKey = base64UrlDecode(jwk.d!);
  secretKeyCache.X25519.set(secretKey, Promise.resolve(pair.privateKey));
  return { secretKey, publicKey: base64UrlDecode(jwk.x!) };
}

export async function webEd25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const key = await cachedSecretKey("Ed25519", seed, ["sign"]);
  return new Uint8Array(await subtle()!.sign({ name: "Ed25519" }, key, message as Uint8Array<ArrayBuffer>));
}

export async function webEd25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  const key = await importPublicKey("Ed25519", publicKey, ["verify"]);
  return subtle()!.verify({ name: "Ed25519" }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
}

/** Ed25519 public key from a seed: WebCrypto exposes it only through the JWK export of the secret key. */
export async function webEd25519PublicKey(seed: Uint8Array): Promise<Uint8Array> {
  const key = await importSecretKey("Ed25519", seed, ["sign"], true);
  const jwk = await subtle()!.exportKey("jwk", key);
  return base64UrlDecode(jwk.x!);
}

/**
 * Resolves to true when this platform's WebCrypto computes X25519 and Ed25519 correctly (known-answer tests),
 * computed once. Any error or mismatch means "use noble".
 */
export const webCryptoAvailable: () => Promise<boolean> = (() => {
  let probe: Promise<boolean> | undefined;
  return () => (probe ??= runProbe());
})();

function runProbe(): Promise<boolean> {
  if (!subtle()) return Promise.resolve(false);
  return passesKnownAnswers({
    x25519: webX25519,
    ed25519PublicKey: webEd25519PublicKey,
    ed25519Sign: webEd25519Sign,
    ed25519Verify: webEd25519Verify,
  });
}
