import { hexToBytes, type Hex } from "viem";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { inboundTopicList } from "../topics/inboundTopics.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { ConversationStatus } from "./ConversationState.ts";

/**
 * Writes a new (or replacing) session under its lock, together with whatever the caller commits alongside, in one
 * store transaction, and marks every inbound topic of the new ratchet as unscanned from `fromBlock`, the first block
 * that can carry its messages. An active session pins the peer device's identity key (the user started or accepted
 * this conversation, so a key change was confirmed); a held request pins nothing until it is accepted.
 */
export async function establishSession(
  ctx: ClientContext,
  input: {
    conversationId: Hex;
    peer: DeviceBinding;
    ratchet: RatchetSession;
    fromBlock: bigint;
    prekeyOrigin?: Hex | null;
    status?: ConversationStatus;
  },
  alongside: (tx: HushlogStore) => Promise<void>,
): Promise<void> {
  const { conversationId, peer, ratchet, fromBlock } = input;
  const status = input.status ?? "active";
  await ctx.sessions.withSessions([conversationId], async () => {
    const existing = await ctx.sessions.get(conversationId);
    const state = {
      ratchet,
      peer,
      unscanned: inboundTopicList(ratchet).map((topic) => ({ topic, fromBlock })),
      prekeyOrigin: input.prekeyOrigin ?? null,
      status,
      rewound: false,
    };
    const record = ctx.sessions.nextRecord(existing?.record ?? null, { conversationId, peer: peer.binding.account, state, now: ctx.now() });
    await ctx.store.transaction(async (tx) => {
      await tx.sessions.save(record);
      if (status === "active") await tx.saveIdentity(peer.binding.account, hexToBytes(deviceOf(peer).ed25519));
      await alongside(tx);
    });
    ctx.sessions.adopt(record, state);
  });
}
