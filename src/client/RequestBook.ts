import { hexToBytes, keccak256, toHex, type Hex } from "viem";
import { BindingNotCurrentError } from "../errors/clientErrors.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HandshakeRequestRecord } from "../store/HandshakeRequestStore.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { HandshakeRequestView } from "./ClientEvents.ts";
import type { KeyChanges } from "./KeyChanges.ts";
import { toView } from "./receiveMessages.ts";

/**
 * The requests a user answers (docs/protocol.md, "Consent"): every first contact from an account we have no
 * conversation with, and every session under a changed identity key, is a request until the user accepts it.
 *
 * An interactive request is only a stored handshake. A prekey request is a live session in status "request": its
 * first message (and anything the peer sends after it) is decrypted and kept, but not shown as a conversation. A
 * stranger's held session lives under its conversation id; a key change's lives under a separate "held" id, so the
 * existing conversation goes on untouched until the user decides. Message ids always use the real conversation id,
 * so accepting moves a held message by rewriting one field.
 */
export class RequestBook {
  private readonly ctx: ClientContext;
  private readonly keyChanges: KeyChanges;
  /** keccak256 of every stored request's payload: the same handshake re-mined after a reorg is not a second request. */
  private payloads: Set<Hex> | null = null;

  constructor(ctx: ClientContext, keyChanges: KeyChanges) {
    this.ctx = ctx;
    this.keyChanges = keyChanges;
  }

  /** Whether this log (by id, or by payload when it was re-mined at another position) is already a request. O(1). */
  async has(id: string, payload: Uint8Array): Promise<boolean> {
    if (await this.ctx.store.requests.get(id)) return true;
    if (!this.payloads) this.payloads = new Set((await this.ctx.store.requests.list()).map((r) => keccak256(r.payload)));
    return this.payloads.has(keccak256(payload));
  }

  async save(request: HandshakeRequestRecord, tx: HushlogStore = this.ctx.store): Promise<void> {
    await tx.requests.save(request);
    this.payloads?.add(keccak256(request.payload));
  }

  /**
   * Where a held prekey session lives: the conversation itself for a stranger, a separate id when the conversation id
   * already holds something of its own (a key change's current conversation, or history imported from another of our
   * devices), so that declining deletes the request's session and messages and nothing that was there before.
   */
  heldConversationId(conversationId: Hex, requestId: string, separate: boolean): Hex {
    return separate ? keccak256(toHex(`hushlog held ${conversationId} ${requestId}`)) : conversationId;
  }

  /** Accepts a prekey request: its held session becomes the conversation (replacing the one under the old key). */
  async acceptHeld(request: HandshakeRequestRecord): Promise<{ conversationId: Hex }> {
    const { ctx } = this;
    const conversationId = ctx.conversationWith(request.from);
    const heldId = request.conversationId ?? conversationId;
    let established: { peer: KeyBinding } | null = null;
    await ctx.sessions.withSessions([...new Set([conversationId, heldId])], async () => {
      const held = await ctx.sessions.get(heldId);
      if (!held) throw new Error(`the held session of request ${request.id} is missing`);
      const current = heldId === conversationId ? held : await ctx.sessions.get(conversationId);
      const state = { ...held.state, status: "active" as const };
      const record = ctx.sessions.nextRecord(current?.record ?? null, { conversationId, peer: request.from, state, now: ctx.now() });
      const messages = heldId === conversationId ? [] : await ctx.store.messages.list(heldId);
      await ctx.store.transaction(async (tx) => {
        if (heldId !== conversationId) {
          await tx.sessions.delete(heldId);
          if (messages.length) await tx.messages.putMany(messages.map((m) => ({ ...m, conversationId })));
        }
        await tx.sessions.save(record);
        await tx.saveIdentity(request.from, hexToBytes(deviceOf(held.state.peer).ed25519));
        await tx.requests.updateStatus(request.id, "accepted");
      });
      if (heldId !== conversationId) ctx.sessions.invalidate(heldId);
      ctx.sessions.adopt(record, state);
      established = { peer: held.state.peer.binding };
    });
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: established!.peer, initiatedByUs: false, note: request.note });
    for (const message of await ctx.store.messages.list(conversationId)) if (message.direction === "in" && !message.read) ctx.emitter.emit("message", toView(message));
    return { conversationId };
  }

  /** Throws `BindingNotCurrentError` when the account no longer authorises the device a held request comes from. */
  async assertStillAuthorized(request: HandshakeRequestRecord): Promise<void> {
    const heldId = request.conversationId ?? this.ctx.conversationWith(request.from);
    const held = await this.ctx.sessions.get(heldId);
    if (!held) return;
    const listed = await this.ctx.directory.lists(held.state.peer);
    if (listed !== "listed") throw new BindingNotCurrentError(request.from, listed);
  }

  /** Declines a request: an interactive one is marked; a prekey one's held session and messages are deleted. */
  async decline(request: HandshakeRequestRecord): Promise<void> {
    const { ctx } = this;
    if (request.kind !== "prekey") return ctx.store.requests.updateStatus(request.id, "declined");
    const heldId = request.conversationId ?? ctx.conversationWith(request.from);
    await ctx.sessions.withSessions([heldId], async () => {
      const held = await ctx.sessions.get(heldId);
      // A held session that was accepted meanwhile (another tab) is a conversation now: leave it.
      const deletable = held?.state.status === "request";
      const messages = deletable ? await ctx.store.messages.list(heldId) : [];
      await ctx.store.transaction(async (tx) => {
        if (deletable) {
          await tx.sessions.delete(heldId);
          for (const message of messages) await tx.messages.delete(message.id);
        }
        await tx.requests.updateStatus(request.id, "declined");
      });
      if (deletable) ctx.sessions.invalidate(heldId);
    });
  }

  async view(record: HandshakeRequestRecord): Promise<HandshakeRequestView> {
    const { payload: _payload, kind, deviceKey, replacesKey, conversationId, ...rest } = record;
    const existing = await this.ctx.sessions.get(this.ctx.conversationWith(record.from));
    const held = kind === "prekey" ? (conversationId ?? this.ctx.conversationWith(record.from)) : null;
    return {
      ...rest,
      kind: kind ?? "interactive",
      replacesConversation: existing !== null && existing.state.status !== "request",
      keyChanged: Boolean(replacesKey),
      safetyNumber: deviceKey ? this.keyChanges.safetyNumber(record.from, deviceKey) : null,
      messages: held && record.status === "pending" ? (await this.ctx.store.messages.list(held)).map(toView) : [],
    };
  }
}
