import type { Hex } from "viem";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";

/**
 * An inbound topic that earlier sync ranges did not query, and the first block it can carry messages.
 * Created when a session is established (all its topics, from the handshake's block) and when we start a
 * sending chain (the peer's new `next` topic, from the block our message can first land in). The sync engine
 * re-scans each from its block and removes exactly the entries it scanned, so a reply racing a sync pass is
 * never missed, even across a crash, and entries added meanwhile survive.
 */
export type UnscannedTopic = { topic: Hex; fromBlock: bigint };

/**
 * Where a conversation stands with the user and the peer's account:
 * - "active": a conversation the user has (started it, or accepted it);
 * - "request": a first contact from an account the user has not accepted yet, or a session under a CHANGED
 *   identity key for an existing conversation. Its messages are decrypted and kept but not shown; the user accepts,
 *   declines or blocks it;
 * - "revoked": the peer's current published binding no longer lists this device. Nothing more is accepted or sent
 *   on it; a new handshake from the peer's current device starts over (a key change the user confirms).
 */
export type ConversationStatus = "active" | "request" | "revoked";

/** What the client stores per conversation, as the opaque (secret) `state` of a SessionRecord. */
export type ConversationState = {
  ratchet: RatchetSession;
  /** The peer's key binding and the device of it this session is with: its keys pin the identity. */
  peer: DeviceBinding;
  unscanned: readonly UnscannedTopic[];
  /**
   * keccak256 of the prekey handshake WE posted to start this session, or null. When both sides start a prekey
   * first contact at the same time, both keep the session whose handshake hash is lower (see PrekeyManager).
   */
  prekeyOrigin?: Hex | null;
  status: ConversationStatus;
  /**
   * Our sending chain may exist in another copy of this state (a restored backup, an import, a copied store): it
   * must never send again. The next send re-keys the conversation first (see RewindGuard).
   */
  rewound: boolean;
  /**
   * Our own sending chains' topics, newest first, at most MAX_RECEIVING_CHAINS: the peer keeps that many of our
   * chains as receiving chains, so a ciphertext on a topic not among them may no longer be readable there (see
   * isOutsidePeerWindow). Absent in states written before it existed: then only the current chain is known.
   */
  sentTopics?: readonly Hex[];
};
