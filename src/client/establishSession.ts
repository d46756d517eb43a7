import { hexToBytes, type Hex } from "viem";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { inboundTopicList } from "../topics/inboundTopics.ts";
import type { ClientContext } from "./ClientContext.ts";

/**
 * Writes a new (or replacing) session under its lock, together with whatever the caller commits alongside, in one
 * store transaction: pins the peer's identity key (trust on first use, SignalStore) and marks every inbound topic
 * of the new ratchet as unscanned from `fromBlock`, the first block that can carry its messages.
 */
export async function establishSession(
  ctx: ClientContext,
  input: { conversationId: Hex; peer: KeyBinding; ratchet: RatchetSession; fromBlock: bigint; prekeyOrigin?: Hex | null },
  alongside: (tx: HushlogStore) => Promise<void>,
): Promise<void> {
  const { conversationId, peer, ratchet, fromBlock } = input;
  await ctx.sessions.withSessions([conversationId], async () => {
    const existing = await ctx.sessions.get(conversationId);
    const state = {
      ratchet,
      peer,
      unscanned: inboundTopicList(ratchet).map((topic) => ({ topic, fromBlock })),
      prekeyOrigin: input.prekeyOrigin ?? null,
    };
    const record = ctx.sessions.nextRecord(existing?.record ?? null, { conversationId, peer: peer.account, state, now: ctx.now() });
    await ctx.store.transaction(async (tx) => {
      await tx.sessions.save(record);
      await tx.saveIdentity(peer.account, hexToBytes(peer.ed25519));
      await alongside(tx);
    });
    ctx.sessions.adopt(record, state);
  });
}
