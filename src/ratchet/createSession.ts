import { numberToBytes, hexToBytes, type Address } from "viem";
import type { X25519KeyPair } from "../crypto/x25519.ts";
import { deriveChainAddress, deriveChainSeeds } from "../topics/deriveChainSeeds.ts";
import { chainKdf, chainStartLength, DEFAULT_CHAIN_KDF, type ChainKdfVersion } from "./chainKdf.ts";
import type { RatchetSession } from "./RatchetSession.ts";
import { startChain, type ChainKeys } from "./skipChain.ts";

/** chainId (u64 BE) || contract (20 bytes): the deployment every message of a session is bound to. */
export function sessionContext(chainId: number, contract: Address): Uint8Array {
  const context = new Uint8Array(28);
  context.set(numberToBytes(chainId, { size: 8 }));
  context.set(hexToBytes(contract), 8);
  return context;
}

/**
 * What both sides of a new session must agree on. `chainKdf` defaults to DEFAULT_CHAIN_KDF (2, the skip chain);
 * a handshake whose format does not say which chain KDF the peer runs must pass 1 on both sides.
 */
type SessionParameters = { rootKey: Uint8Array; chainId: number; contract: Address; chainKdf?: ChainKdfVersion };

/**
 * The responder's session right after the handshake (Signal's Bob): it owns ratchet key (s, S), whose public half
 * the initiator learned inside the encrypted response, and may speak first on its epoch-0 chain, derived from
 * SK without a DH step. It listens for the initiator's first chain, announced from SK.
 */
export function createResponderSession(input: SessionParameters & { ratchetKey: X25519KeyPair }): RatchetSession {
  const version = input.chainKdf ?? DEFAULT_CHAIN_KDF;
  const own = deriveChainSeeds(input.rootKey, "responder", chainStartLength(version));
  const peer = deriveChainAddress(input.rootKey, "initiator");
  return {
    role: "responder",
    chainKdf: version,
    context: sessionContext(input.chainId, input.contract),
    rootKey: input.rootKey,
    ourRatchetKey: input.ratchetKey,
    theirRatchetKey: null,
    sending: { chainKeys: epochZeroKeys(version, own.chainStart), index: 0, topic: own.topic, headerKey: own.headerKey },
    receiving: [],
    next: { topic: peer.topic, headerKey: peer.headerKey },
    skipped: [],
  };
}

/**
 * The initiator's session right after completing the handshake (Signal's Alice): it knows the responder's
 * ratchet key S, can read the responder's epoch-0 chain at once, and makes the first DH ratchet step when it
 * first sends.
 */
export function createInitiatorSession(input: SessionParameters & { theirRatchetKey: Uint8Array }): RatchetSession {
  const version = input.chainKdf ?? DEFAULT_CHAIN_KDF;
  const peer = deriveChainSeeds(input.rootKey, "responder", chainStartLength(version));
  return {
    role: "initiator",
    chainKdf: version,
    context: sessionContext(input.chainId, input.contract),
    rootKey: input.rootKey,
    ourRatchetKey: null,
    theirRatchetKey: input.theirRatchetKey,
    sending: null,
    receiving: [
      {
        ratchetKey: input.theirRatchetKey,
        chainKeys: epochZeroKeys(version, peer.chainStart),
        index: 0,
        topic: peer.topic,
        headerKey: peer.headerKey,
        expiresAt: null,
      },
    ],
    next: null,
    skipped: [],
  };
}

function epochZeroKeys(version: ChainKdfVersion, chainStart: Uint8Array): ChainKeys {
  const keys = startChain(chainKdf(version), chainStart);
  chainStart.fill(0);
  return keys;
}
