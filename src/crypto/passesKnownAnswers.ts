/** The curve operations a platform backend provides, as the known-answer probe calls them. */
export type CurveBackend = {
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array>;
  ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array>;
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
};

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Whether a platform backend computes X25519 and Ed25519 correctly, on published vectors: it is used only then,
 * so results never depend on which backend ran. Any error or mismatch means "do not use it".
 */
export async function passesKnownAnswers(backend: CurveBackend): Promise<boolean> {
  try {
    // RFC 7748 section 6.1 (Alice's secret, Bob's public, shared secret).
    const shared = await backend.x25519(
      hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
      hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
    );
    // RFC 8032 section 7.1, test 1 (empty message).
    const seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const [publicKey, signature] = await Promise.all([backend.ed25519PublicKey(seed), backend.ed25519Sign(seed, new Uint8Array())]);
    const forged = signature.slice();
    forged[0]! ^= 1;
    return (
      toHex(shared) === "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" &&
      toHex(publicKey) === "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a" &&
      toHex(signature).startsWith("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155") &&
      (await backend.ed25519Verify(publicKey, new Uint8Array(), signature)) &&
      !(await backend.ed25519Verify(publicKey, new Uint8Array(), forged))
    );
  } catch {
    return false;
  }
}
