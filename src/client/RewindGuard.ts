import type { Hex } from "viem";
import { SessionRewoundError } from "../errors/clientErrors.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import { markStoreRestored } from "./markStoreRestored.ts";
import { messageId } from "./messageId.ts";

/** Stores already marked by this process (a store copied from another file is marked once per open). */
const marked = new WeakSet<HushlogStore>();

/**
 * Keeps a sending chain from ever being used twice (docs/protocol.md, "Rewind safety"). A chain exists twice when a
 * store was restored, imported or copied, or when an old row was written back. The client refuses to send on such
 * a chain: the conversation is re-keyed by a fresh handshake first (a prekey first contact that carries the
 * message when the peer publishes prekeys; otherwise an interactive one the peer's client answers by itself, since
 * it comes from the identity key it already trusts).
 *
 * A stale row is recognised without trusting the row: the message record our NEXT send on the chain would create
 * must not exist yet. If it does, our session row is older than our own message history, so another copy (or an
 * earlier life of this one) already used that key.
 */
export class RewindGuard {
  private readonly ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }

  /** At start: a store that says it was opened from a copy of another's file is marked as restored, once. */
  async checkStore(): Promise<void> {
    const { store } = this.ctx;
    if (!store.copied || marked.has(store)) return;
    marked.add(store);
    await markStoreRestored(store, { account: this.ctx.identity.account });
    this.ctx.sessions.clear();
  }

  /**
   * Whether sending on this conversation needs a fresh handshake first: it was marked rewound, or its row is
   * stale (see the class comment; a stale row is marked rewound here, so every process sees it).
   */
  async needsRekey(conversationId: Hex): Promise<boolean> {
    const entry = await this.ctx.sessions.get(conversationId);
    if (!entry) return false;
    const sending = entry.state.ratchet.sending;
    if (sending === null) return false; // our next send starts a fresh chain, from fresh randomness
    if (entry.state.rewound) return true;
    if (!(await this.ctx.store.messages.get(messageId(conversationId, sending.topic, sending.index)))) return false;
    await this.ctx.sessions.withSessions([conversationId], async () => {
      const current = await this.ctx.sessions.get(conversationId);
      if (!current || current.state.rewound) return;
      const state = { ...current.state, rewound: true };
      const record = this.ctx.sessions.nextRecord(current.record, { conversationId, peer: current.record.peer, state, now: this.ctx.now() });
      await this.ctx.store.transaction((tx) => tx.sessions.save(record));
      this.ctx.sessions.adopt(record, state);
    });
    return true;
  }

  /** For a send that cannot go out yet: the conversation is being re-keyed (an interactive handshake is waiting). */
  refused(conversationId: Hex): SessionRewoundError {
    return new SessionRewoundError(conversationId);
  }
}
