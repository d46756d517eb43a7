import { zeroAddress, type Address } from "viem";
import { GroupService } from "../group/GroupService.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { decodeConversationState, encodeConversationState } from "../wire/conversationStateCodec.ts";

/**
 * Marks a store whose state may exist twice (restored from a backup, imported, copied) so that no message key it
 * holds can ever be used for a second ciphertext (docs/protocol.md, "Rewind safety"):
 * - every 1:1 session with a sending chain is flagged `rewound`: it sends nothing more on that chain, and the next
 *   send re-keys the conversation with a fresh handshake (see RewindGuard);
 * - every group's own sender key is dropped: the next group send starts a fresh chain and hands it out.
 * Receiving is unaffected. One store transaction; idempotent.
 *
 * Works on any deployment's records: a conversation state does not carry its chain and contract (they come from
 * where it is used), and nothing here encrypts.
 *
 * @example
 * await importBackupInto(store);
 * await markStoreRestored(store, { account });
 */
export async function markStoreRestored(store: HushlogStore, { account }: { account: Address }): Promise<{ sessions: number; groups: number }> {
  return store.transaction(async (tx) => {
    // Group records are read and written through the transaction itself (the outer store would wait for it).
    const groups = new GroupService({ store: tx, account, ...anyDeployment });
    let sessions = 0;
    for (const record of await tx.sessions.list()) {
      const state = decodeConversationState(record.state, anyDeployment);
      if (state.rewound || state.ratchet.sending === null) continue;
      await tx.sessions.save({ ...record, state: encodeConversationState({ ...state, rewound: true }), version: record.version + 1 });
      sessions++;
    }
    const work = groups.begin();
    let dropped = 0;
    for (const groupId of await work.groupIds()) {
      if (!(await work.ownKey(groupId))) continue;
      work.setOwnKey(groupId, null);
      work.clearHolders(groupId);
      dropped++;
    }
    await work.commit(tx);
    return { sessions, groups: dropped };
  });
}

/** Decoding needs some deployment to label bindings with; the bytes do not depend on it (see the comment above). */
const anyDeployment = { chainId: 1, contract: zeroAddress };
