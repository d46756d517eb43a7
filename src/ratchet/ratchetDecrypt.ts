import type { Hex } from "viem";
import {
  MAX_FORWARD_JUMP,
  MAX_RECEIVING_CHAINS,
  MAX_SKIPPED_KEYS,
  PREVIOUS_CHAIN_TTL_BLOCKS,
  PREVIOUS_CHAIN_TTL_SECONDS,
} from "../constants.ts";
import { constantTimeEqual, wipe } from "../crypto/bytes.ts";
import { x25519 } from "../crypto/x25519.ts";
import {
  ChainExpiredError,
  HeaderMismatchError,
  MessageKeyUnavailableError,
  TooFarAheadError,
  UnknownTopicError,
} from "../errors/ratchetErrors.ts";
import { chainStep, rootStep } from "./kdfChains.ts";
import { openBody, openHeader, type OpenedHeader } from "./messageCrypto.ts";
import { unpadPlaintext } from "./padding.ts";
import { chainExpired, pruneSession } from "./pruneSession.ts";
import type { ReceivingChain, RatchetSession, SkippedKey } from "./RatchetSession.ts";
import { addSkippedKeys, takeSkippedKey } from "./skippedKeys.ts";

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
 * chain or from the skipped keys. Every check happens on a new session object: on any error the given session
 * is untouched and nothing is returned.
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

  const { messageKey, chain: advanced, skipped, fresh } = messageKeyFor(state.skipped, chain, opened.index, now);
  try {
    const body = openBody(opened, messageKey, topic, state.context);
    const plaintext = unpadPlaintext(body);
    wipe(body);
    return {
      session: { ...state, receiving: state.receiving.map((c) => (c === chain ? advanced : c)), skipped },
      plaintext,
      position: { topic, index: opened.index },
    };
  } finally {
    // Keys taken from `skipped` still belong to the caller's session until it adopts the new one.
    if (fresh) wipe(messageKey);
  }
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
  const { rootKey, chainKey } = rootStep(state.rootKey, await x25519(state.ourRatchetKey!.secretKey, theirRatchetKey));
  const chain: ReceivingChain = { ratchetKey: theirRatchetKey, chainKey, index: 0, topic: next.topic, headerKey: next.headerKey, expiresAt: null };
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

/** The key for message `index` of `chain`: from the skipped keys (late message) or by advancing the chain. */
function messageKeyFor(
  skipped: readonly SkippedKey[],
  chain: ReceivingChain,
  index: number,
  now: number,
): { messageKey: Uint8Array; chain: ReceivingChain; skipped: readonly SkippedKey[]; fresh: boolean } {
  if (index < chain.index) {
    const taken = takeSkippedKey(skipped, chain.topic, index);
    if (!taken) throw new MessageKeyUnavailableError({ index });
    return { messageKey: taken.messageKey, chain, skipped: taken.skipped, fresh: false };
  }
  const jump = index - chain.index;
  if (jump > MAX_FORWARD_JUMP) throw new TooFarAheadError({ jump, max: MAX_FORWARD_JUMP });
  const added: SkippedKey[] = [];
  let chainKey = chain.chainKey;
  for (let i = chain.index; i < index; i++) {
    const step = chainStep(chainKey);
    if (chainKey !== chain.chainKey) wipe(chainKey);
    // Only the newest MAX_SKIPPED_KEYS of a long jump could survive the bound anyway.
    if (index - i <= MAX_SKIPPED_KEYS) added.push({ topic: chain.topic, index: i, messageKey: step.messageKey, storedAt: now });
    else wipe(step.messageKey);
    chainKey = step.chainKey;
  }
  const step = chainStep(chainKey);
  if (chainKey !== chain.chainKey) wipe(chainKey);
  return {
    messageKey: step.messageKey,
    chain: { ...chain, chainKey: step.chainKey, index: index + 1 },
    skipped: added.length ? addSkippedKeys(skipped, added) : skipped,
    fresh: true,
  };
}
