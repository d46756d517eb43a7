import type { CurveBackend } from "./passesKnownAnswers.ts";
import type { X25519KeyPair } from "./x25519.ts";

/** A node:crypto key object, as far as it is used here. */
export type NodeKeyObject = { export(options: { format: "jwk" }): { d?: string; x?: string } };

/** The part of node:crypto used here, typed structurally: this module is in the browser bundle too. */
export type NodeCrypto = {
  KeyObject: { from(key: CryptoKey): NodeKeyObject };
  generateKeyPairSync(type: "x25519"): { privateKey: NodeKeyObject };
  diffieHellman(options: { privateKey: NodeKeyObject; publicKey: NodeKeyObject }): Uint8Array;
  sign(algorithm: null, data: Uint8Array, key: NodeKeyObject): Uint8Array;
  verify(algorithm: null, data: Uint8Array, key: NodeKeyObject, signature: Uint8Array): boolean;
};

/** X25519 and Ed25519 on node:crypto (src/crypto/createNodeCurves.ts), with the module they run on. */
export type NodeCurves = CurveBackend & { crypto: NodeCrypto; x25519KeyPair(): X25519KeyPair };

let probe: Promise<NodeCurves | null> | undefined;

/**
 * The platform's X25519 and Ed25519 on Node (`node:crypto`, synchronous OpenSSL) when they pass the known-answer
 * probe, else null; computed once. In browsers (no `process`) it is null at once and the implementation is never
 * fetched: it sits behind an import() (1 kB gzip off a dapp's initial load).
 *
 * Reached through `process.getBuiltinModule` (Node >= 22.3), not an import, so bundlers see no `node:crypto`.
 *
 * @example
 * const node = await nodeCrypto();
 * const shared = node ? await node.x25519(secretKey, peerPublicKey) : await webX25519(secretKey, peerPublicKey);
 */
export function nodeCrypto(): Promise<NodeCurves | null> {
  return (probe ??= (async () => {
    try {
      const module = globalThis.process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
      // Keys reach node:crypto through WebCrypto's imports, so both must be there.
      if (!module || !globalThis.crypto?.subtle) return null;
      const { createNodeCurves } = await import("./createNodeCurves.ts");
      return await createNodeCurves(module);
    } catch {
      return null;
    }
  })());
}
