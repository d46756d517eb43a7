import { numberToBytes, hexToBytes, type Address } from "viem";
import type { X25519KeyPair } from "../crypto/x25519.ts";
import { deriveChainAddress, deriveChainSeeds } from "../topics/deriveChainSeeds.ts";
import type { RatchetSession } from "./RatchetSession.ts";

/** chainId (u64 BE) || contract (20 bytes): the deployment every message of a session is bound to. */
export function sessionContext(chainId: number, contract: Address): Uint8Array {
  const context = new Uint8Array(28);
  context.set(numberToBytes(chainId, { size: 8 }));
  context.set(hexToBytes(contract), 8);
  return context;
}

/**
 * The responder's session right after the handshake (Signal's Bob): it owns ratchet key (s, S), whose public half
 * the initiator learned inside the encrypted response, and may speak first on its epoch-0 chain, derived from
 * SK without a DH step. It listens for the initiator's first chain, announced from SK.
 */
export function createResponderSession(input: {
  rootKey: Uint8Array;
  ratchetKey: X25519KeyPair;
  chainId: number;
  contract: Address;
}): RatchetSession {
  const own = deriveChainSeeds(input.rootKey, "responder");
  const peer = deriveChainAddress(input.rootKey, "initiator");
  return {
    role: "responder",
    context: sessionContext(input.chainId, input.contract),
    rootKey: input.rootKey,
    ourRatchetKey: input.ratchetKey,
    theirRatchetKey: null,
    sending: { chainKey: own.chainKey, index: 0, topic: own.topic, headerKey: own.headerKey },
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
export function createInitiatorSession(input: {
  rootKey: Uint8Array;
  theirRatchetKey: Uint8Array;
  chainId: number;
  contract: Address;
}): RatchetSession {
  const peer = deriveChainSeeds(input.rootKey, "responder");
  return {
    role: "initiator",
    context: sessionContext(input.chainId, input.contract),
    rootKey: input.rootKey,
    ourRatchetKey: null,
    theirRatchetKey: input.theirRatchetKey,
    sending: null,
    receiving: [
      {
        ratchetKey: input.theirRatchetKey,
        chainKey: peer.chainKey,
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
