import { bytesToHex, type Address, type Hex } from "viem";
import { safetyNumber } from "../identity/safetyNumber.ts";
import type { ClientContext } from "./ClientContext.ts";

/**
 * Pinned identity keys (trust on first use, kept in the SignalStore's identities) and what happens when an account
 * shows up with another: never a silent replacement. Callers ask `pinnedOtherThan` before a session under a new key
 * would replace a conversation, hold that session as a request, and `announce` the change with both safety numbers.
 */
export class KeyChanges {
  private readonly ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }

  /** The key pinned for `account` when it is not `key` (a key change); null when none is pinned or it is the same. */
  async pinnedOtherThan(account: Address, key: Hex): Promise<Hex | null> {
    const pinned = await this.ctx.store.loadIdentity(account);
    if (!pinned) return null;
    const hex = bytesToHex(pinned);
    return hex === key.toLowerCase() ? null : hex;
  }

  /** The safety number of our conversation with `peer` under its identity key `key`. */
  safetyNumber(peer: Address, key: Hex): string {
    return safetyNumber({ account: this.ctx.identity.account, key: bytesToHex(this.ctx.identity.ed25519.publicKey) }, { account: peer, key });
  }

  announce(peer: Address, previousKey: Hex, newKey: Hex, requestId: string | null, conversationId?: Hex): void {
    this.ctx.emitter.emit("keyChange", {
      peer,
      conversationId: conversationId ?? this.ctx.conversationWith(peer),
      previousKey,
      newKey,
      previousSafetyNumber: this.safetyNumber(peer, previousKey),
      newSafetyNumber: this.safetyNumber(peer, newKey),
      requestId,
    });
  }
}
