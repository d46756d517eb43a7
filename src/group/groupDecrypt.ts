import type { Hex } from "viem";
import { MAX_CHAIN_INDEX, MAX_FORWARD_JUMP, MAX_SENDER_KEY_SKIPPED_KEYS } from "../constants.ts";
import { wipe } from "../crypto/bytes.ts";
import {
  GroupMessageKeyUnavailableError,
  GroupSignatureError,
  GroupTooFarAheadError,
  SenderChainExhaustedError,
  UnknownGroupTopicError,
} from "../errors/groupErrors.ts";
import { chainStep } from "../ratchet/kdfChains.ts";
import { unpadPlaintext } from "../ratchet/padding.ts";
import { addSkippedGroupKeys, pruneSkippedGroupKeys, takeSkippedGroupKey } from "./groupSkippedKeys.ts";
import { openGroupBody, openGroupHeader, verifyGroupMessage } from "./groupMessageCrypto.ts";
import type { SenderKeyRecord, SenderKeyState, SkippedGroupKey } from "./SenderKey.ts";

export type GroupDecryptContext = {
  /** The log topic the payload was posted on: selects the sender chain. */
  topic: Hex;
  /** chainId (u64 BE) || contract: the deployment the message must be bound to. */
  context: Uint8Array;
  /** Unix seconds; defaults to the local clock. Drives the skipped-key TTL. */
  now?: number;
};

export type GroupDecryptResult = { record: SenderKeyRecord; plaintext: Uint8Array; iteration: number };

/**
 * Decrypts one group message from a member's sender chain. Order of checks: the topic selects the state, the
 * signature must verify under the state's signing key (before any key derivation), the header gives the
 * iteration, the key comes from the skipped keys (late message) or by advancing the chain (at most
 * MAX_FORWARD_JUMP steps). Every step works on new values: on any error the given record is untouched.
 */
export async function groupDecrypt(record: SenderKeyRecord, payload: Uint8Array, input: GroupDecryptContext): Promise<GroupDecryptResult> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const topic = input.topic.toLowerCase() as Hex;
  const state = record.states.find((s) => s.topic === topic);
  if (!state) throw new UnknownGroupTopicError(topic);
  const { parts, valid } = await verifyGroupMessage(payload, topic, input.context, state.signingPublicKey);
  if (!valid) throw new GroupSignatureError();
  const opened = openGroupHeader(parts, state.headerKey);
  // A valid signature on an iteration at the counter's maximum can only come from a broken sender: refuse, never wrap.
  if (opened.iteration >= MAX_CHAIN_INDEX) throw new SenderChainExhaustedError();

  const live = new Set(record.states.map((s) => s.topic));
  const pruned = pruneSkippedGroupKeys(record.skipped, now, live);
  const { messageKey, state: advanced, skipped, fresh } = messageKeyFor(pruned, state, opened.iteration, now);
  try {
    const body = openGroupBody(opened, messageKey, topic, input.context);
    const plaintext = unpadPlaintext(body);
    wipe(body);
    return {
      record: { states: record.states.map((s) => (s === state ? advanced : s)), skipped },
      plaintext,
      iteration: opened.iteration,
    };
  } finally {
    // Keys taken from `skipped` still belong to the caller's record until it adopts the new one.
    if (fresh) wipe(messageKey);
  }
}

function messageKeyFor(
  skipped: readonly SkippedGroupKey[],
  state: SenderKeyState,
  iteration: number,
  now: number,
): { messageKey: Uint8Array; state: SenderKeyState; skipped: readonly SkippedGroupKey[]; fresh: boolean } {
  if (iteration < state.iteration) {
    const taken = takeSkippedGroupKey(skipped, state.topic, iteration);
    if (!taken) throw new GroupMessageKeyUnavailableError({ topic: state.topic, iteration });
    return { messageKey: taken.messageKey, state, skipped: taken.skipped, fresh: false };
  }
  const jump = iteration - state.iteration;
  if (jump > MAX_FORWARD_JUMP) throw new GroupTooFarAheadError({ jump, max: MAX_FORWARD_JUMP });
  const added: SkippedGroupKey[] = [];
  let chainKey = state.chainKey;
  for (let i = state.iteration; i < iteration; i++) {
    const step = chainStep(chainKey);
    if (chainKey !== state.chainKey) wipe(chainKey);
    // Only the newest MAX_SENDER_KEY_SKIPPED_KEYS of a long jump could survive the bound anyway.
    if (iteration - i <= MAX_SENDER_KEY_SKIPPED_KEYS) added.push({ topic: state.topic, iteration: i, messageKey: step.messageKey, storedAt: now });
    else wipe(step.messageKey);
    chainKey = step.chainKey;
  }
  const step = chainStep(chainKey);
  if (chainKey !== state.chainKey) wipe(chainKey);
  return {
    messageKey: step.messageKey,
    state: { ...state, chainKey: step.chainKey, iteration: iteration + 1 },
    skipped: added.length ? addSkippedGroupKeys(skipped, added) : skipped,
    fresh: true,
  };
}
