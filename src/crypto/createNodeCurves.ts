import { base64UrlDecode } from "./base64UrlDecode.ts";
import type { NodeCrypto, NodeCurves, NodeKeyObject as KeyObject } from "./nodeCrypto.ts";
import { passesKnownAnswers } from "./passesKnownAnswers.ts";
import type { CurveAlgorithm } from "./pkcs8Prefix.ts";
import { importPublicKey, importSecretKey } from "./webCrypto.ts";

/**
 * X25519 and Ed25519 on `node:crypto`, called synchronously. Node's WebCrypto runs the same OpenSSL code, but every
 * call hops to the thread pool and back: measured here, a WebCrypto X25519 derivation takes ~125 us of wall time
 * against ~60 us for `diffieHellman`, and a DH ratchet step makes three of them. Loaded by `nodeCrypto()` only
 * where `process.getBuiltinModule` exists, so a browser never fetches this code.
 *
 * Keys are imported through WebCrypto and handed over with `KeyObject.from`: its imports run on the calling thread
 * and are the cheaper ones here (raw public key ~24 us against ~58-80 us for `createPublicKey`, more than the
 * DH itself at ~62 us; PKCS#8 secret key ~87 us against ~119 us for `createPrivateKey`).
 */

/**
 * The curves on `crypto` when they pass the known-answer probe, else null.
 *
 * @example
 * const curves = await createNodeCurves(process.getBuiltinModule("node:crypto"));
 * const shared = await curves?.x25519(secretKey, peerPublicKey);
 */
export async function createNodeCurves(crypto: NodeCrypto): Promise<NodeCurves | null> {
  const curves: NodeCurves = {
    crypto,
    x25519: (secretKey, publicKey) => nodeX25519(crypto, secretKey, publicKey),
    x25519KeyPair: () => nodeX25519KeyPair(crypto),
    ed25519PublicKey: (seed) => nodeEd25519PublicKey(crypto, seed),
    ed25519Sign: (seed, message) => nodeEd25519Sign(crypto, seed, message),
    ed25519Verify: (publicKey, message, signature) => nodeEd25519Verify(crypto, publicKey, message, signature),
  };
  return (await passesKnownAnswers(curves)) ? curves : null;
}

/**
 * Imported keys, by the identity of their byte array (imported extractable: `KeyObject.from` refuses anything
 * else in the future, and a KeyObject can always be exported anyway): an import costs about as much as a DH. A generated ratchet
 * key is used for its DH and the peer's answer, an identity key for every handshake, a peer's ratchet key for our
 * receiving DH and then our sending DH, a group member's signing key for each of its messages.
 */
const imported = {
  secret: { X25519: new WeakMap<Uint8Array, Promise<KeyObject>>(), Ed25519: new WeakMap<Uint8Array, Promise<KeyObject>>() },
  public: { X25519: new WeakMap<Uint8Array, Promise<KeyObject>>(), Ed25519: new WeakMap<Uint8Array, Promise<KeyObject>>() },
};

function secretKeyObject(crypto: NodeCrypto, algorithm: CurveAlgorithm, secretKey: Uint8Array): Promise<KeyObject> {
  // A wiped array must not keep working through its cached key object.
  if (!secretKey.some((byte) => byte !== 0)) return Promise.reject(new Error("all-zero secret key"));
  const usages: KeyUsage[] = algorithm === "Ed25519" ? ["sign"] : ["deriveBits"];
  return cached(imported.secret[algorithm], secretKey, () => importSecretKey(algorithm, secretKey, usages, true), crypto);
}

function publicKeyObject(crypto: NodeCrypto, algorithm: CurveAlgorithm, publicKey: Uint8Array): Promise<KeyObject> {
  const usages: KeyUsage[] = algorithm === "Ed25519" ? ["verify"] : [];
  return cached(imported.public[algorithm], publicKey, () => importPublicKey(algorithm, publicKey, usages, true), crypto);
}

function cached(
  cache: WeakMap<Uint8Array, Promise<KeyObject>>,
  bytes: Uint8Array,
  load: () => Promise<CryptoKey>,
  crypto: NodeCrypto,
): Promise<KeyObject> {
  let key = cache.get(bytes);
  if (!key) {
    key = load().then((cryptoKey) => crypto.KeyObject.from(cryptoKey));
    cache.set(bytes, key);
    key.catch(() => cache.delete(bytes));
  }
  return key;
}

/** node:crypto returns Buffers (each on its own ArrayBuffer); callers get plain Uint8Arrays, as from the other paths. */
const bytes = (buffer: Uint8Array) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

async function nodeX25519(crypto: NodeCrypto, secretKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  const [privateKey, peer] = await Promise.all([secretKeyObject(crypto, "X25519", secretKey), publicKeyObject(crypto, "X25519", publicKey)]);
  return bytes(crypto.diffieHellman({ privateKey, publicKey: peer }));
}

/** A fresh key pair from OpenSSL's generator, its key object kept for the DHs that follow. */
function nodeX25519KeyPair(crypto: NodeCrypto): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const { privateKey } = crypto.generateKeyPairSync("x25519");
  const jwk = privateKey.export({ format: "jwk" });
  const secretKey = base64UrlDecode(jwk.d!);
  imported.secret.X25519.set(secretKey, Promise.resolve(privateKey));
  return { secretKey, publicKey: base64UrlDecode(jwk.x!) };
}

async function nodeEd25519Sign(crypto: NodeCrypto, seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  return bytes(crypto.sign(null, message, await secretKeyObject(crypto, "Ed25519", seed)));
}

async function nodeEd25519Verify(crypto: NodeCrypto, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return crypto.verify(null, message, await publicKeyObject(crypto, "Ed25519", publicKey), signature);
}

async function nodeEd25519PublicKey(crypto: NodeCrypto, seed: Uint8Array): Promise<Uint8Array> {
  return base64UrlDecode((await secretKeyObject(crypto, "Ed25519", seed)).export({ format: "jwk" }).x!);
}
