import { concatBytes, keccak256, numberToBytes, hexToBytes, type Address, type Hex } from "viem";
import { hkdfSha256, sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/** chainId (u64 BE) || contract: the deployment prefix of every handshake signature and transcript. */
export function deploymentPrefix(chainId: number, contract: Address): Uint8Array {
  return concatBytes([numberToBytes(chainId, { size: 8 }), hexToBytes(contract)]);
}

/** Key of the response box, from x_tag = X25519(r, E). */
export function responseBoxKey(xTag: Uint8Array): Uint8Array {
  return hkdfSha256(xTag, undefined, labels.handshake.responseBox, 32);
}

/** responseTag = keccak256(HKDF(ikm = ss_kem, salt = x_tag, info = response-tag label)). */
export function responseTag(kemSecret: Uint8Array, xTag: Uint8Array): Hex {
  const preimage = hkdfSha256(kemSecret, xTag, labels.handshake.responseTag, 32);
  const tag = keccak256(preimage);
  preimage.fill(0);
  return tag;
}

/**
 * SK = HKDF(ikm = X25519(s, E) || ss_kem, salt = transcript hash, info = root label), where the transcript hash is
 * SHA-256(label · chainId · contract · SHA-256(handshake payload) · SHA-256(response payload)). Both payloads hold
 * both identities' bindings and signatures, so identities, messages and deployment are all bound into SK.
 * Consumes (wipes) `dh`.
 */
export function rootSecret(input: {
  dh: Uint8Array;
  kemSecret: Uint8Array;
  chainId: number;
  contract: Address;
  handshakeHash: Uint8Array;
  responsePayload: Uint8Array;
}): Uint8Array {
  const transcript = sha256(
    concatBytes([
      labels.handshake.transcript,
      deploymentPrefix(input.chainId, input.contract),
      input.handshakeHash,
      sha256(input.responsePayload),
    ]),
  );
  const ikm = concatBytes([input.dh, input.kemSecret]);
  const rootKey = hkdfSha256(ikm, transcript, labels.handshake.root, 32);
  ikm.fill(0);
  input.dh.fill(0);
  return rootKey;
}

/** What the responder signs: label · deployment · SHA-256(handshake) · initiator · T · box bytes before the signature. */
export function responderSignedBytes(input: {
  chainId: number;
  contract: Address;
  handshakeHash: Uint8Array;
  initiator: Address;
  tagKey: Uint8Array;
  boxBody: Uint8Array;
}): Uint8Array {
  return concatBytes([
    labels.handshake.responderSignature,
    deploymentPrefix(input.chainId, input.contract),
    input.handshakeHash,
    hexToBytes(input.initiator),
    input.tagKey,
    input.boxBody,
  ]);
}

/** What the initiator signs: label · deployment · recipient · payload bytes before the signature. */
export function initiatorSignedBytes(input: { chainId: number; contract: Address; recipient: Address; body: Uint8Array }): Uint8Array {
  return concatBytes([
    labels.handshake.initiatorSignature,
    deploymentPrefix(input.chainId, input.contract),
    hexToBytes(input.recipient),
    input.body,
  ]);
}
