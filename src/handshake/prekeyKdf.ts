import { concatBytes, type Address } from "viem";
import { hkdfSha256, sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { deploymentPrefix } from "./handshakeKdf.ts";

/**
 * Derivations of the prekey handshake (PQXDH-style, see initiatePrekeyHandshake.ts). Initiator A with identity
 * key IK_A and ephemeral key E; recipient B with identity key IK_B, signed prekey SPK and ML-KEM key KEM:
 *
 *   DH1 = X25519(IK_A, SPK)   DH2 = X25519(E, IK_B)   DH3 = X25519(E, SPK)   (ct, ss) = Encaps(KEM)
 *   view tag = SHA-256(view-tag label · DH3)[0]        box key = HKDF(DH3, info = box label)
 *   transcript = chainId (u64) · contract · SHA-256(B's bundle) · E · ct · A's binding
 *   signature  = Ed25519_A(initiator-signature label · transcript)
 *   SK = HKDF(ikm = DH1 · DH2 · DH3 · ss, salt = SHA-256(transcript label · transcript), info = root label)
 *
 * DH3 alone keys the view tag and the box, so a recipient can tell and open its handshakes with one X25519 per
 * log; everything that authenticates (DH1, DH2, the signature) and the post-quantum secret come after.
 */

/** The one-byte view tag: a recipient holding the SPK secret tests it with one X25519 and one hash. */
export function prekeyViewTag(dh3: Uint8Array): number {
  const digest = sha256(concatBytes([labels.prekeys.viewTag, dh3]));
  const tag = digest[0]!;
  digest.fill(0);
  return tag;
}

export function prekeyBoxKey(dh3: Uint8Array): Uint8Array {
  return hkdfSha256(dh3, undefined, labels.prekeys.box, 32);
}

/** The public transcript of a prekey handshake (every field a substitution attack could target). */
export function prekeyTranscript(input: {
  chainId: number;
  contract: Address;
  bundleHash: Uint8Array;
  ephemeralKey: Uint8Array;
  kemCipherText: Uint8Array;
  bindingBytes: Uint8Array;
}): Uint8Array {
  return concatBytes([
    deploymentPrefix(input.chainId, input.contract),
    input.bundleHash,
    input.ephemeralKey,
    input.kemCipherText,
    input.bindingBytes,
  ]);
}

/** What the initiator signs: the label, then the transcript. */
export function prekeyInitiatorSignedBytes(transcript: Uint8Array): Uint8Array {
  return concatBytes([labels.prekeys.initiatorSignature, transcript]);
}

/** What a bundle's owner signs: label · chainId · contract · the bundle bytes before the signature. */
export function prekeyBundleSignedBytes(chainId: number, contract: Address, body: Uint8Array): Uint8Array {
  return concatBytes([labels.prekeys.bundleSignature, deploymentPrefix(chainId, contract), body]);
}

/** SK from the three DH outputs and the ML-KEM secret. Consumes (wipes) all four. */
export function prekeyRootSecret(input: {
  dh1: Uint8Array;
  dh2: Uint8Array;
  dh3: Uint8Array;
  kemSecret: Uint8Array;
  transcript: Uint8Array;
}): Uint8Array {
  const salt = sha256(concatBytes([labels.prekeys.transcript, input.transcript]));
  const ikm = concatBytes([input.dh1, input.dh2, input.dh3, input.kemSecret]);
  const rootKey = hkdfSha256(ikm, salt, labels.prekeys.root, 32);
  ikm.fill(0);
  for (const secret of [input.dh1, input.dh2, input.dh3, input.kemSecret]) secret.fill(0);
  return rootKey;
}
