import type { Hex } from "viem";
import { MAX_CHAIN_INDEX, MAX_PLAINTEXT_BYTES } from "../constants.ts";
import { wipe } from "../crypto/bytes.ts";
import { paddingRandom, systemRandom, type RandomSource } from "../crypto/random.ts";
import { SenderChainExhaustedError } from "../errors/groupErrors.ts";
import { PlaintextTooLargeError } from "../errors/ratchetErrors.ts";
import { chainStep } from "../ratchet/kdfChains.ts";
import { padPlaintext } from "../ratchet/padding.ts";
import { sealGroupMessage } from "./groupMessageCrypto.ts";
import type { OwnSenderKey } from "./SenderKey.ts";

export type GroupEncryptResult = { own: OwnSenderKey; payload: Uint8Array; topic: Hex; iteration: number };

/**
 * Encrypts one group message on our sender chain: pads the plaintext, takes the chain's next message key (the same
 * HMAC step as the 1:1 chains), seals and signs. Returns the advanced chain; the given one is not modified.
 */
export async function groupEncrypt(
  own: OwnSenderKey,
  plaintext: Uint8Array,
  { context, random = systemRandom }: { context: Uint8Array; random?: RandomSource },
): Promise<GroupEncryptResult> {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new PlaintextTooLargeError({ size: plaintext.length, max: MAX_PLAINTEXT_BYTES });
  // Never a wrap: iteration MAX_CHAIN_INDEX would make the next state overflow the u32 counter and reuse keys.
  if (own.iteration >= MAX_CHAIN_INDEX) throw new SenderChainExhaustedError();
  const { messageKey, chainKey } = chainStep(own.chainKey);
  const body = padPlaintext(plaintext, random === systemRandom ? paddingRandom : random, own.iteration);
  try {
    const payload = await sealGroupMessage({
      messageKey,
      headerKey: own.headerKey,
      signingSeed: own.signingKey.seed,
      topic: own.topic,
      context,
      iteration: own.iteration,
      body,
    });
    return { own: { ...own, iteration: own.iteration + 1, chainKey }, payload, topic: own.topic, iteration: own.iteration };
  } finally {
    wipe(messageKey, body);
  }
}
