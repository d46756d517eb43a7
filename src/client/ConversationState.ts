import type { Hex } from "viem";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";

/**
 * An inbound topic that earlier sync ranges did not query, and the first block it can carry messages.
 * Created when a session is established (all its topics, from the handshake's block) and when we start a
 * sending chain (the peer's new `next` topic, from the block our message can first land in). The sync engine
 * re-scans each from its block and removes exactly the entries it scanned, so a reply racing a sync pass is
 * never missed, even across a crash, and entries added meanwhile survive.
 */
export type UnscannedTopic = { topic: Hex; fromBlock: bigint };

/** What the client stores per conversation, as the opaque (secret) `state` of a SessionRecord. */
export type ConversationState = {
  ratchet: RatchetSession;
  /** The peer's key binding: its delegates widen the sender filter, its keys pin the identity. */
  peer: KeyBinding;
  unscanned: readonly UnscannedTopic[];
  /**
   * keccak256 of the prekey handshake WE posted to start this session, or null. When both sides start a prekey
   * first contact at the same time, both keep the session whose handshake hash is lower (see PrekeyManager).
   */
  prekeyOrigin?: Hex | null;
};
