import type { Hex } from "viem";
import { MAX_CHAIN_INDEX, MAX_PLAINTEXT_BYTES } from "../constants.ts";
import { wipe } from "../crypto/bytes.ts";
import { paddingRandom, systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519KeyPairWithShared } from "../crypto/x25519.ts";
import { ChainExhaustedError, PlaintextTooLargeError } from "../errors/ratchetErrors.ts";
import { deriveChainAddress } from "../topics/deriveChainSeeds.ts";
import { chainKdf, chainStartLength } from "./chainKdf.ts";
import { rootStep } from "./kdfChains.ts";
import { sealMessage } from "./messageCrypto.ts";
import { padPlaintext } from "./padding.ts";
import type { RatchetSession } from "./RatchetSession.ts";
import { advanceChain, startChain } from "./skipChain.ts";

export type RatchetEncryptResult = { session: RatchetSession; payload: Uint8Array; topic: Hex };

/**
 * Encrypts one message: pads it, takes the next key of the sending chain (starting a new chain with a fresh
 * ratchet key first if the peer has started one since we last sent) and returns the new session, the payload
 * and the topic to post it on. The given session is not modified.
 */
export async function ratchetEncrypt(
  session: RatchetSession,
  plaintext: Uint8Array,
  { random = systemRandom }: { random?: RandomSource } = {},
): Promise<RatchetEncryptResult> {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new PlaintextTooLargeError({ size: plaintext.length, max: MAX_PLAINTEXT_BYTES });
  }
  const current = session.sending ? session : await startSendingChain(session, random);
  const chain = current.sending!;
  if (chain.index >= MAX_CHAIN_INDEX) throw new ChainExhaustedError();

  const { messageKey, keys: chainKeys } = advanceChain(chainKdf(current.chainKdf), chain.chainKeys, chain.index);
  const body = padPlaintext(plaintext, random === systemRandom ? paddingRandom : random, chain.index);
  const payload = sealMessage({
    messageKey,
    headerKey: chain.headerKey,
    topic: chain.topic,
    context: current.context,
    ratchetKey: current.ourRatchetKey!.publicKey,
    index: chain.index,
    body,
  });
  wipe(messageKey, body);
  return { session: { ...current, sending: { ...chain, chainKeys, index: chain.index + 1 } }, payload, topic: chain.topic };
}

/**
 * DH ratchet step on the sending side: new ratchet key, root step with the peer's newest key. The chain's topic
 * and header key come from the root key BEFORE the step (which the peer holds), and the peer's next chain is
 * announced from the root key after it.
 */
async function startSendingChain(session: RatchetSession, random: RandomSource): Promise<RatchetSession> {
  const { keyPair: ourRatchetKey, shared } = await x25519KeyPairWithShared(session.theirRatchetKey!, random);
  const own = deriveChainAddress(session.rootKey, session.role);
  const { rootKey, chainStart } = rootStep(session.rootKey, shared, chainStartLength(session.chainKdf));
  const chainKeys = startChain(chainKdf(session.chainKdf), chainStart);
  chainStart.fill(0);
  const peer = deriveChainAddress(rootKey, session.role === "initiator" ? "responder" : "initiator");
  return {
    ...session,
    rootKey,
    ourRatchetKey,
    sending: { chainKeys, index: 0, topic: own.topic, headerKey: own.headerKey },
    next: { topic: peer.topic, headerKey: peer.headerKey },
  };
}
