import type { Hex } from "viem";
import { ratchetEncrypt } from "../ratchet/ratchetEncrypt.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationState } from "./ConversationState.ts";
import { rememberSentTopic } from "./isOutsidePeerWindow.ts";

/**
 * Encrypts 1:1 bodies on the working states (advancing each ratchet in order) and returns the calls and the
 * positions they took. A body that starts a new sending chain announces the peer's next topic as unscanned from
 * `head` (the peer's answers can first land after it) and records the chain in the state's sending history.
 * Pure with respect to the store: the caller commits the states with what the calls carry, in one transaction.
 */
export async function encryptDirect(
  ctx: Pick<ClientContext, "random">,
  working: Map<Hex, { state: ConversationState }>,
  bodies: readonly { conversationId: Hex; body: Uint8Array }[],
  head: bigint,
): Promise<{ topic: Hex; payload: Uint8Array; conversationId: Hex; index: number }[]> {
  const out: { topic: Hex; payload: Uint8Array; conversationId: Hex; index: number }[] = [];
  for (const { conversationId, body } of bodies) {
    const current = working.get(conversationId)!;
    const startsChain = current.state.ratchet.sending === null;
    const sent = await ratchetEncrypt(current.state.ratchet, body, { random: ctx.random });
    const announced = startsChain && sent.session.next ? [{ topic: sent.session.next.topic, fromBlock: head }] : [];
    current.state = {
      ...current.state,
      ratchet: sent.session,
      unscanned: [...current.state.unscanned, ...announced],
      sentTopics: rememberSentTopic(current.state, sent.topic),
    };
    out.push({ topic: sent.topic, payload: sent.payload, conversationId, index: sent.session.sending!.index - 1 });
  }
  return out;
}
