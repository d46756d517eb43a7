import { getBlockNumber } from "viem/actions";
import { isAddressEqual, keccak256 } from "viem";
import { encodePackedCall, packedKind } from "../chain/encodePackedCall.ts";
import { BINDING_MAX_SEQUENCE_STEP, BINDING_RENEW_BEFORE_SECONDS } from "../constants.ts";
import { DeviceNotAuthorizedError } from "../errors/clientErrors.ts";
import { SubmissionFailedError } from "../errors/chainErrors.ts";
import { decodePackedCall } from "../chain/decodePackedCall.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import { assertOwnBinding } from "../handshake/assertOwnBinding.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { encodeKeyBinding } from "../wire/keyBindingCodec.ts";
import type { ClientContext } from "./ClientContext.ts";
import { newPending } from "./HandshakeManager.ts";
import type { PendingManager } from "./PendingManager.ts";

/**
 * Our own binding against the chain's (docs/protocol.md, "Key bindings"): publishes ours when the chain has none or
 * an older one, adopts a newer one that still authorises this device, and otherwise stops this device from sending
 * (`DeviceNotAuthorizedError`) and tells the user: a binding we did not make replaced ours, so either another device
 * of ours was set up or our wallet signed something it should not have. Never replaces the chain's binding by itself.
 */
export class OwnBinding {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;
  private authorized: { sequence: bigint } | null = null;
  private refused: { sequence: bigint; devices: number } | null = null;
  private renewalAnnounced = false;

  constructor(ctx: ClientContext, pending: PendingManager) {
    this.ctx = ctx;
    this.pending = pending;
  }

  /** Compares ours with the chain's current binding and acts (see the class comment). Called at start and on changes. */
  async check(): Promise<void> {
    const { ctx } = this;
    const account = ctx.identity.account;
    const current = await ctx.directory.current(account);
    const ours = ctx.binding;
    if (current && current.hash === keccak256(encodeKeyBinding(ours))) return this.allow(ours);
    // The chain's binding authorises this device too (renewed elsewhere, or another copy of the same binding): adopt it.
    if (current && current.binding.sequence >= ours.sequence && this.authorizes(current.binding)) {
      ctx.binding = current.binding;
      this.announceDeviceChanges(ours, current.binding);
      return this.allow(current.binding);
    }
    const floor = await ctx.directory.highestSequence(account);
    const numbered = ours.sequence > floor && ours.sequence <= floor + BINDING_MAX_SEQUENCE_STEP;
    if (numbered && ours.expiresAt > BigInt(Math.floor(ctx.now() / 1000))) {
      await this.publish(ours);
      return this.allow(ours);
    }
    const sequence = current?.binding.sequence ?? floor;
    const devices = current?.binding.devices.length ?? 0;
    const changed = this.refused?.sequence !== sequence;
    this.authorized = null;
    this.refused = { sequence, devices };
    if (changed) ctx.emitter.emit("binding", { type: "not-authorized", sequence, devices });
  }

  /**
   * Before a first contact (handshake, response, prekey first message) is broadcast: our binding must be on its way
   * to the chain first, or every receiver refuses the contact. A publication that failed (no gas, a rejected
   * prompt) is sent again here; if it fails again, so does the contact, with its reason, and a retry of the contact
   * retries both.
   */
  async beforeContact(record: PendingRecord): Promise<void> {
    if (!needsBinding(record)) return;
    const id = keccak256(encodeKeyBinding(this.ctx.binding));
    const publication = await this.ctx.store.pending.get(id);
    if (!publication || !["failed", "dropped", "reverted", "replaced"].includes(publication.status)) return;
    const after = await this.pending.broadcast(id);
    if (after?.status === "failed") throw new SubmissionFailedError({ cause: new Error(`publishing our key binding failed: ${after.error ?? "unknown error"}`) });
  }

  /**
   * After the user retried our binding's publication: the first contacts that failed because of it go out again
   * too (one Retry for what was one failure).
   */
  async retryContacts(): Promise<void> {
    for (const record of await this.ctx.store.pending.list()) {
      if (needsBinding(record) && ["failed", "dropped"].includes(record.status)) await this.pending.broadcast(record.id);
    }
  }

  /** Throws `DeviceNotAuthorizedError` when the chain's current binding does not authorise this device. */
  assertAuthorized(): void {
    if (this.refused) throw new DeviceNotAuthorizedError(this.ctx.identity.account, this.refused.sequence);
  }

  /**
   * Installs a binding the user just signed (a renewal, or a re-authorisation after ours was replaced): it must
   * authorise this identity on this deployment; it is published at once and becomes ours.
   */
  async replace(binding: KeyBinding): Promise<void> {
    assertOwnBinding(this.ctx.identity, binding, { chainId: this.ctx.chainId, contract: this.ctx.contract });
    this.ctx.binding = binding;
    this.refused = null;
    await this.check();
  }

  /** After a sync pass: warns once when our binding is close to expiring. */
  checkRenewal(): void {
    const left = this.ctx.binding.expiresAt - BigInt(Math.floor(this.ctx.now() / 1000));
    if (left < BigInt(BINDING_RENEW_BEFORE_SECONDS) && !this.renewalAnnounced) {
      this.renewalAnnounced = true;
      this.ctx.emitter.emit("binding", { type: "renewal-due", expiresAt: this.ctx.binding.expiresAt });
    }
  }

  /** Devices a list adopted from the chain adds or removes, told once per adoption (docs/protocol.md, "Devices"). */
  private announceDeviceChanges(before: KeyBinding, after: KeyBinding): void {
    const codes = (binding: KeyBinding) => binding.devices.map((d) => deviceCode(d.ed25519));
    const [was, now] = [codes(before), codes(after)];
    const added = now.filter((c) => !was.includes(c));
    const removed = was.filter((c) => !now.includes(c));
    if (added.length || removed.length) this.ctx.emitter.emit("binding", { type: "devices-changed", sequence: after.sequence, added, removed });
  }

  private authorizes(binding: KeyBinding): boolean {
    try {
      assertOwnBinding(this.ctx.identity, binding, { chainId: this.ctx.chainId, contract: this.ctx.contract });
      return isAddressEqual(binding.account, this.ctx.identity.account);
    } catch {
      return false;
    }
  }

  private allow(binding: KeyBinding): void {
    const changed = this.authorized?.sequence !== binding.sequence;
    this.authorized = { sequence: binding.sequence };
    this.refused = null;
    if (changed) this.ctx.emitter.emit("binding", { type: "current", sequence: binding.sequence, expiresAt: binding.expiresAt });
  }

  /** One `Binding` transaction per binding (its record's hash is the pending id): never posted twice. */
  private async publish(binding: KeyBinding): Promise<void> {
    const { ctx } = this;
    const record = encodeKeyBinding(binding);
    const id = keccak256(record);
    if (await ctx.store.pending.get(id)) return;
    const head = await getBlockNumber(ctx.publicClient);
    await ctx.store.pending.save(newPending(id, "binding", [], [], encodePackedCall({ kind: "binding", binding: record }), ctx.now(), head));
    await this.pending.broadcast(id);
  }
}

/** Transactions that introduce us to someone: receivers check our binding on chain before accepting them. */
function needsBinding(record: PendingRecord): boolean {
  if (record.kind === "handshake" || record.kind === "response") return true;
  // A prekey first contact travels as a message record (it carries our first message) in a handshake call.
  return record.kind === "message" && record.data[0] === packedKind.handshake && decodePackedCall(record.data).kind === "handshake";
}
