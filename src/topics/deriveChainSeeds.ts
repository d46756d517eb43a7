import { bytesToHex, type Hex } from "viem";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import type { Role } from "../ratchet/RatchetSession.ts";

/**
 * Topic derivation (DESIGN §2.5).
 *
 * A sending chain is created by a root step whose INPUT root key is RK. From RK and the sender's direction:
 *
 *   HKDF-SHA256(ikm = RK, salt = none, info = "hushlog/v1/ratchet/chain/<initiator|responder>", L = 48 + S)
 *     = topic (16) || headerKey (32) || chain start (S)
 *
 * - topic: the chain's 128-bit message topic, posted left-aligned in the bytes32 log topic (the contract's
 *   compact encoding). 128 bits are unguessable and collision-free across all conversations ever.
 * - headerKey: encrypts every header of the chain; the first header carries the sender's new ratchet key.
 * - chain start: used only for the responder's epoch-0 chain (RK = SK, no DH step: the responder may speak first).
 *   S = 32 (the chain key) under chain KDF 1, 96 under chain KDF 2 (ratchet/skipChain.ts); the topic, the header
 *   key and the first 32 bytes are the same under both (HKDF-Expand output is a prefix of any longer one).
 *
 * Why the receiver can listen before the first message: the receiver's own last root step OUTPUT is exactly the
 * RK the peer will use as input for its next chain, so it derives the peer's next topic and header key at once.
 * Epoch-0 topics come from SK. Without RK (which includes the ML-KEM secret through SK) topics of different
 * epochs cannot be linked to each other or to the participants.
 */
export type ChainSeeds = { topic: Hex; headerKey: Uint8Array; chainStart: Uint8Array };

export function deriveChainSeeds(rootKey: Uint8Array, direction: Role, chainStartLength: number): ChainSeeds {
  const okm = chainOkm(rootKey, direction, 48 + chainStartLength);
  const seeds = { ...addressOf(okm), chainStart: okm.slice(48) };
  okm.fill(0);
  return seeds;
}

/**
 * Topic and header key only, for every chain after epoch 0 (its chain key comes from the root step): the first
 * 48 bytes of the same HKDF output (HKDF-Expand output is a prefix of any longer one), one HMAC block less.
 */
export function deriveChainAddress(rootKey: Uint8Array, direction: Role): Omit<ChainSeeds, "chainStart"> {
  const okm = chainOkm(rootKey, direction, 48);
  const address = addressOf(okm);
  okm.fill(0);
  return address;
}

function chainOkm(rootKey: Uint8Array, direction: Role, length: number): Uint8Array {
  return hkdfSha256(rootKey, undefined, direction === "initiator" ? labels.ratchet.chainInitiator : labels.ratchet.chainResponder, length);
}

function addressOf(okm: Uint8Array): Omit<ChainSeeds, "chainStart"> {
  const topic = new Uint8Array(32);
  topic.set(okm.subarray(0, 16));
  return { topic: bytesToHex(topic), headerKey: okm.slice(16, 48) };
}
