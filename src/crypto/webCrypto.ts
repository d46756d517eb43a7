/**
 * The platform's WebCrypto X25519 and Ed25519 (Node >= 22, current Chromium/Firefox/Safari), behind a one-time
 * probe. Measured on the reference machine: X25519 through WebCrypto ~0.2 ms, noble's pure-JS ladder ~2.2 ms;
 * that difference decides whether a DH ratchet step fits its budget, so it is used whenever it works, with noble
 * as the fallback (same results, checked by the probe against RFC 7748 / RFC 8032 vectors).
 *
 * WebCrypto imports secret keys only as PKCS#8, so raw 32-byte keys are wrapped in the fixed PKCS#8 prefix.
 */
const pkcs8Prefix = {
  X25519: Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]),
  Ed25519: Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]),
} as const;

type Algorithm = keyof typeof pkcs8Prefix;

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;

export function importSecretKey(algorithm: Algorithm, secretKey: Uint8Array, usages: KeyUsage[], extractable = false) {
  const pkcs8 = new Uint8Array(48);
  pkcs8.set(pkcs8Prefix[algorithm]);
  pkcs8.set(secretKey, 16);
  return subtle()!
    .importKey("pkcs8", pkcs8, { name: algorithm }, extractable, usages)
    .finally(() => pkcs8.fill(0));
}

export function importPublicKey(algorithm: Algorithm, publicKey: Uint8Array, usages: KeyUsage[]) {
  return subtle()!.importKey("raw", publicKey as Uint8Array<ArrayBuffer>, { name: algorithm }, false, usages);
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

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Resolves to true when this platform's WebCrypto computes X25519 and Ed25519 correctly (known-answer tests),
 * computed once. Any error or mismatch means "use noble".
 */
export const webCryptoAvailable: () => Promise<boolean> = (() => {
  let probe: Promise<boolean> | undefined;
  return () => (probe ??= runProbe());
})();

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));

async function runProbe(): Promise<boolean> {
  if (!subtle()) return false;
  try {
    // RFC 7748 section 6.1 (Alice's secret, Bob's public, shared secret).
    const shared = await webX25519(
      hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
      hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
    );
    // RFC 8032 section 7.1, test 1 (empty message).
    const seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const [publicKey, signature] = await Promise.all([webEd25519PublicKey(seed), webEd25519Sign(seed, new Uint8Array())]);
    return (
      toHex(shared) === "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" &&
      toHex(publicKey) === "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a" &&
      toHex(signature).startsWith("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155")
    );
  } catch {
    return false;
  }
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
