import type { Hex } from "viem";
import { MAX_RECEIVING_CHAINS, PREVIOUS_CHAIN_TTL_BLOCKS, PREVIOUS_CHAIN_TTL_SECONDS } from "../constants.ts";
import { constantTimeEqual, wipe } from "../crypto/bytes.ts";
import { x25519 } from "../crypto/x25519.ts";
import { ChainExpiredError, HeaderMismatchError, UnknownTopicError } from "../errors/ratchetErrors.ts";
import { chainKdf, chainStartLength } from "./chainKdf.ts";
import { rootStep } from "./kdfChains.ts";
import { openBody, openHeader, type OpenedHeader } from "./messageCrypto.ts";
import { unpadPlaintext } from "./padding.ts";
import { chainExpired, pruneSession } from "./pruneSession.ts";
import type { ReceivingChain, RatchetSession } from "./RatchetSession.ts";
import { gapKeys, reachMessageKey } from "./receivingKeys.ts";
import { releaseChainKeys, startChain } from "./skipChain.ts";
import { addSkippedKeys } from "./skippedKeys.ts";

export type RatchetDecryptContext = {
  /** The log topic the payload was posted on. */
  topic: Hex;
  /** Unix seconds; defaults to the local clock. Drives skipped-key and previous-chain expiry. */
  now?: number;
  /** Block number of the log; drives the block bound of previous-chain expiry. */
  block?: bigint;
};

/** Where a message sits in the conversation: unique per message, so it identifies duplicates across deliveries. */
export type RatchetPosition = { topic: Hex; index: number };

export type RatchetDecryptResult = { session: RatchetSession; plaintext: Uint8Array; position: RatchetPosition };

/**
 * Decrypts one payload. The topic selects the chain (an established receiving chain, or the peer's announced
 * next chain, which triggers the DH ratchet step); the header gives the message number; the key comes from the
 * chain or from the skipped keys. The keys of the messages a new one skips are derived only after its body
 * authenticates, so a junk message costs at most a seek (receivingKeys.ts). Every check happens on a new session
 * object: on any error the given session is untouched and nothing is returned.
 */
export async function ratchetDecrypt(
  session: RatchetSession,
  payload: Uint8Array,
  context: RatchetDecryptContext,
): Promise<RatchetDecryptResult> {
  const now = context.now ?? Math.floor(Date.now() / 1000);
  const topic = context.topic.toLowerCase() as Hex;
  const known = session.receiving.find((chain) => chain.topic === topic);
  if (known && chainExpired(known, now, context.block)) throw new ChainExpiredError();

  let state = pruneSession(session, now, context.block);
  let chain = state.receiving.find((c) => c.topic === topic);
  let opened: OpenedHeader;
  if (chain) {
    opened = openHeader(payload, chain.headerKey);
    if (!constantTimeEqual(opened.ratchetKey, chain.ratchetKey)) throw new HeaderMismatchError();
  } else if (state.next?.topic === topic) {
    opened = openHeader(payload, state.next.headerKey);
    // A copy: the session keeps it, and `opened.ratchetKey` is a view into the decrypted header.
    ({ state, chain } = await receiveStep(state, opened.ratchetKey.slice(), now, context.block));
  } else {
    throw new UnknownTopicError();
  }

  // The key first, without the keys of any message it skips: the header is not authenticated yet (receivingKeys.ts).
  const kdf = chainKdf(state.chainKdf);
  const reached = reachMessageKey(kdf, state.skipped, chain, opened.index);
  let plaintext: Uint8Array;
  try {
    const body = openBody(opened, reached.messageKey, topic, state.context);
    try {
      plaintext = unpadPlaintext(body);
    } finally {
      wipe(body);
    }
  } catch (error) {
    if (reached.fresh) releaseChainKeys(reached.chain.chainKeys, chain.chainKeys);
    throw error;
  } finally {
    // Keys taken from `skipped` still belong to the caller's session until it adopts the new one.
    if (reached.fresh) wipe(reached.messageKey);
  }
  // Authentic: now the messages it skipped over are worth deriving keys for.
  const gap = reached.fresh ? gapKeys(kdf, chain, opened.index, now) : [];
  return {
    session: {
      ...state,
      receiving: state.receiving.map((c) => (c === chain ? reached.chain : c)),
      skipped: gap.length ? addSkippedKeys(reached.skipped, gap) : reached.skipped,
    },
    plaintext,
    position: { topic, index: opened.index },
  };
}

/**
 * DH ratchet step on the receiving side: the peer started a new chain with a new ratchet key. Our older chains
 * become "previous" (late messages accepted until their window closes); our next message starts a new chain.
 */
async function receiveStep(
  state: RatchetSession,
  theirRatchetKey: Uint8Array,
  now: number,
  block: bigint | undefined,
): Promise<{ state: RatchetSession; chain: ReceivingChain }> {
  const next = state.next!;
  const dh = await x25519(state.ourRatchetKey!.secretKey, theirRatchetKey);
  const { rootKey, chainStart } = rootStep(state.rootKey, dh, chainStartLength(state.chainKdf));
  const chainKeys = startChain(chainKdf(state.chainKdf), chainStart);
  chainStart.fill(0);
  const chain: ReceivingChain = { ratchetKey: theirRatchetKey, chainKeys, index: 0, topic: next.topic, headerKey: next.headerKey, expiresAt: null };
  const expiresAt = {
    time: now + PREVIOUS_CHAIN_TTL_SECONDS,
    block: block === undefined ? null : block + PREVIOUS_CHAIN_TTL_BLOCKS,
  };
  const previous = state.receiving.map((c) => (c.expiresAt ? c : { ...c, expiresAt }));
  const receiving = [chain, ...previous].slice(0, MAX_RECEIVING_CHAINS);
  const live = new Set(receiving.map((c) => c.topic));
  return {
    state: {
      ...state,
      rootKey,
      theirRatchetKey,
      sending: null,
      next: null,
      receiving,
      skipped: state.skipped.filter((key) => live.has(key.topic)),
    },
    chain,
  };
}
