import { getBlockNumber, getTransactionReceipt } from "viem/actions";
import { bytesToHex, getAddress, hexToBytes, isAddressEqual, keccak256, type Address, type Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { HANDSHAKE_TTL_SECONDS } from "../constants.ts";
import { AccountBlockedError, BindingNotCurrentError, RequestAlreadyHandledError, RequestNotFoundError } from "../errors/clientErrors.ts";
import { BaseError } from "../errors/BaseError.ts";
import { SelfHandshakeError } from "../errors/handshakeErrors.ts";
import { KeyBindingVerificationError } from "../errors/identityErrors.ts";
import { matchHandshakeResponse } from "../handshake/completeHandshake.ts";
import { conversationId as conversationIdFor } from "../handshake/conversationId.ts";
import { initiateHandshake, type HandshakeMessage } from "../handshake/initiateHandshake.ts";
import { sealHandshake } from "../handshake/sealHandshake.ts";
import { SEALED_HANDSHAKE_TAG } from "../wire/sealedHandshakePayload.ts";
import { openHandshake, type OpenedHandshake } from "../handshake/openHandshake.ts";
import { respondToHandshake } from "../handshake/respondToHandshake.ts";
import { predatesDevice } from "../devices/predatesDevice.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { HandshakeRequestRecord } from "../store/HandshakeRequestStore.ts";
import type { PendingKind, PendingRecord } from "../store/PendingStore.ts";
import { decodeHandshakeSecret, encodeHandshakeSecret } from "../wire/handshakeSecretCodec.ts";
import { authorizePeer } from "./authorizePeer.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { HandshakeRequestView } from "./ClientEvents.ts";
import { establishSession } from "./establishSession.ts";
import type { KeyChanges } from "./KeyChanges.ts";
import type { PendingManager } from "./PendingManager.ts";
import { toView } from "./receiveMessages.ts";
import { replyNoteMessage } from "./replyNoteMessage.ts";
import type { RequestBook } from "./RequestBook.ts";

/**
 * Interactive handshakes through the chain (docs/protocol.md): starting one (secrets persisted until answered or
 * expired), receiving requests (each checked — blocked sender, payload, sender, signature, the binding's signature
 * and that it is its account's current published one — before it is stored or shown), accepting and declining
 * them, and matching responses to our pending handshakes. A session is created only when every check passed and the
 * user consented (accepting a request, or starting the conversation); anything else is reported through
 * `ctx.reject` with its typed reason and changes nothing.
 */
export class HandshakeManager {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;
  private readonly keyChanges: KeyChanges;
  private readonly requestBook: RequestBook;

  constructor(ctx: ClientContext, pending: PendingManager, keyChanges: KeyChanges, requestBook: RequestBook) {
    this.ctx = ctx;
    this.pending = pending;
    this.keyChanges = keyChanges;
    this.requestBook = requestBook;
  }

  /**
   * Starts a conversation with `peer`. When `peer` already asked us (a pending request), starting is consent: the
   * request is accepted instead of crossing it with a second handshake, so both sides end in one session.
   */
  async start(peer: Address, options: { note?: string | null } = {}): Promise<{ handshakeId: Hex; accepted: boolean }> {
    const { ctx } = this;
    const recipient = getAddress(peer);
    if (isAddressEqual(recipient, ctx.identity.account)) throw new SelfHandshakeError();
    if (await ctx.contacts.isBlocked(recipient)) throw new AccountBlockedError(recipient);
    const asked = (await ctx.store.requests.list("pending")).find((r) => isAddressEqual(r.from, recipient) && (r.kind ?? "interactive") === "interactive");
    if (asked) {
      await this.accept(asked.id, options);
      return { handshakeId: keccak256(asked.payload), accepted: true };
    }
    const now = ctx.now();
    const { message, secret } = await initiateHandshake(ctx.identity, ctx.binding, {
      recipient,
      note: options.note,
      chainId: ctx.chainId,
      contract: ctx.contract,
      random: ctx.random,
      now: Math.floor(now / 1000),
    });
    const handshakeId = keccak256(message.payload);
    const data = encodePackedCall({ kind: "handshake", ...(await this.hideRecipient(recipient, message)) });
    const head = await getBlockNumber(ctx.publicClient);
    await ctx.store.transaction(async (tx) => {
      await tx.pendingHandshakes.save({
        id: handshakeId,
        peer: recipient,
        secret: encodeHandshakeSecret(secret),
        txHash: null,
        includedBlock: null,
        createdAt: now,
        expiresAt: now + HANDSHAKE_TTL_SECONDS * 1000,
      });
      await tx.pending.save(newPending(handshakeId, "handshake", [], [handshakeId], data, now, head));
    });
    await this.pending.broadcast(handshakeId);
    return { handshakeId, accepted: false };
  }

  /**
   * The handshake as posted: sealed to the recipient's first device under the shared SEALED_HANDSHAKE_TAG (issue 18),
   * so no observer can name the recipient. An account with no current binding on chain has no key to seal to: its
   * handshake goes under the legacy recipient tag (which its owner can read once it comes online), the one case
   * where the recipient is public; docs/protocol.md says so.
   */
  private async hideRecipient(recipient: Address, message: HandshakeMessage): Promise<{ recipientTag: Hex; payload: Uint8Array }> {
    const device = (await this.ctx.directory.current(recipient))?.binding.devices[0];
    if (!device) return message;
    return { recipientTag: SEALED_HANDSHAKE_TAG, payload: await sealHandshake(message.payload, hexToBytes(device.x25519), this.ctx.random) };
  }

  /** An incoming `Handshake` log addressed to us (a sealed one arrives opened: its handshake payload in place). */
  async onHandshake(log: HushlogLog): Promise<void> {
    const { ctx } = this;
    if (await ctx.contacts.isBlocked(log.sender)) return ctx.reject(log, new AccountBlockedError(log.sender));
    const id = `${log.transactionHash}:${log.logIndex}`;
    if (await this.requestBook.has(id, log.payload)) return;
    // Addressed to the account before this device was linked: its earlier devices' to answer (predatesDevice).
    const own = ctx.binding.devices.find((d) => d.ed25519.toLowerCase() === bytesToHex(ctx.identity.ed25519.publicKey));
    if (own && predatesDevice(await ctx.directory.published(ctx.identity.account), own, log.blockNumber)) return;
    let opened: OpenedHandshake;
    try {
      opened = await openHandshake(log.payload, { sender: log.sender, recipient: ctx.identity.account, chainId: ctx.chainId, contract: ctx.contract });
      if (await ctx.contacts.isBlocked(opened.initiator.binding.account)) throw new AccountBlockedError(opened.initiator.binding.account);
      // An RPC failure throws out of here on purpose: the sync pass fails and retries, so nothing is skipped.
      await authorizePeer(ctx, opened.initiator, log.blockNumber);
    } catch (error) {
      if (!isVerdict(error)) throw error;
      return ctx.reject(log, error);
    }
    const from = opened.initiator.binding.account;
    const deviceKey = deviceOf(opened.initiator).ed25519;
    const request: HandshakeRequestRecord = {
      id,
      from,
      kind: "interactive",
      payload: log.payload,
      note: opened.note,
      deviceKey,
      replacesKey: await this.keyChanges.pinnedOtherThan(from, deviceKey),
      conversationId: null,
      verified: true,
      status: "pending",
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      blockNumber: log.blockNumber,
      receivedAt: ctx.now(),
    };

    // Both sides started a handshake to each other before either saw the other's: both keep the one with the lower
    // hash, so they end up in the same session. Each side already asked for this conversation (consent given), and
    // the same holds for a key change: we addressed this account ourselves.
    const ours = (await ctx.store.pendingHandshakes.getByPeer(from)).filter((h) => h.txHash !== null);
    if (ours.length > 0) {
      const theirs = keccak256(log.payload);
      if (ours.every((h) => BigInt(theirs) < BigInt(h.id))) {
        await this.requestBook.save(request);
        await ctx.store.transaction(async (tx) => {
          for (const h of ours) {
            await tx.pendingHandshakes.delete(h.id);
            await tx.pending.delete(h.id);
          }
        });
        await this.accept(id);
      } else {
        await this.requestBook.save({ ...request, status: "declined" });
      }
      return;
    }
    await this.requestBook.save(request);
    // The device we already talk to asks again (it restored a backup and re-keys, see RewindGuard): no new consent
    // is needed, and waiting for the user would leave it unable to send. Answered at once.
    const existing = await ctx.sessions.get(this.conversationWith(from));
    if (existing?.state.status === "active" && (await this.keyChanges.isPinned(from, deviceKey))) {
      await this.accept(id);
      return;
    }
    const view = await this.view(request);
    if (request.replacesKey) this.keyChanges.announce(from, request.replacesKey, deviceKey, id);
    ctx.emitter.emit("handshake", { type: "request", request: view });
  }

  async accept(requestId: string, options: { note?: string | null } = {}): Promise<{ conversationId: Hex }> {
    const { ctx } = this;
    const request = await ctx.store.requests.get(requestId);
    if (!request) throw new RequestNotFoundError(requestId);
    if (request.status !== "pending") throw new RequestAlreadyHandledError(requestId, request.status);
    if (request.kind === "prekey") {
      await this.requestBook.assertStillAuthorized(request);
      return this.requestBook.acceptHeld(request);
    }
    const opened = await openHandshake(request.payload, {
      sender: request.from,
      recipient: ctx.identity.account,
      chainId: ctx.chainId,
      contract: ctx.contract,
    });
    // The account may have revoked that device since the request arrived (a phished binding, outbid): check again.
    const listed = await ctx.directory.lists(opened.initiator);
    if (listed !== "listed") throw new BindingNotCurrentError(opened.initiator.binding.account, listed);
    const responded = await respondToHandshake(ctx.identity, ctx.binding, opened, { note: options.note, random: ctx.random });
    const conversationId = this.conversationWith(request.from);
    const responseId = keccak256(responded.message.payload);
    const data = encodePackedCall({ kind: "response", responseTag: responded.message.responseTag, payload: responded.message.payload });
    // The initiator can answer only after our response is included, which is after the current block.
    const fromBlock = await getBlockNumber(ctx.publicClient);
    await establishSession(ctx, { conversationId, peer: responded.peer, ratchet: responded.session, fromBlock }, async (tx) => {
      await tx.requests.updateStatus(requestId, "accepted");
      await tx.pending.save(newPending(responseId, "response", [conversationId], [requestId], data, ctx.now(), fromBlock));
    });
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: responded.peer.binding, initiatedByUs: false, note: request.note });
    await this.pending.broadcast(responseId);
    return { conversationId };
  }

  async decline(requestId: string): Promise<void> {
    const request = await this.ctx.store.requests.get(requestId);
    if (!request) throw new RequestNotFoundError(requestId);
    if (request.status !== "pending") throw new RequestAlreadyHandledError(requestId, request.status);
    await this.requestBook.decline(request);
    this.ctx.emitter.emit("handshake", { type: "declined", requestId });
  }

  /**
   * The senders whose responses we wait for (the sender filter of the response query): every account we addressed,
   * and the addresses its current binding lets submit for it (delegates, devices' sending keys), since a response
   * may be posted by any of them.
   */
  async awaitedResponders(): Promise<Address[]> {
    await this.ctx.store.pendingHandshakes.deleteExpired(this.ctx.now());
    const pending = await this.ctx.store.pendingHandshakes.list();
    const senders = new Map<string, Address>();
    for (const peer of new Set(pending.filter((h) => h.txHash !== null).map((h) => getAddress(h.peer)))) {
      senders.set(peer.toLowerCase(), peer);
      const binding = (await this.ctx.directory.current(peer))?.binding;
      for (const sender of [...(binding?.delegates ?? []), ...(binding?.devices.flatMap((d) => (d.sender ? [d.sender] : [])) ?? [])]) {
        senders.set(sender.toLowerCase(), sender);
      }
    }
    return [...senders.values()];
  }

  /** An incoming `HandshakeResponse` log from one of the accounts we addressed (or one of its senders). */
  async onResponse(log: HushlogLog): Promise<void> {
    const { ctx } = this;
    const records = (await ctx.store.pendingHandshakes.list()).filter((h) => h.txHash !== null && h.expiresAt > ctx.now());
    const secrets = records.map((h) => decodeHandshakeSecret(h.secret));
    let match: Awaited<ReturnType<typeof matchHandshakeResponse>>;
    try {
      match = await matchHandshakeResponse(secrets, { payload: log.payload, responseTag: log.tag, sender: log.sender });
    } catch (error) {
      ctx.reject(log, error);
      return;
    }
    if (!match) return; // answers someone else's handshake: not ours to judge
    const record = records[secrets.indexOf(match.secret)]!;
    // Only a handshake that is really on chain can have been answered: check its receipt now.
    const receipt = await getTransactionReceipt(ctx.publicClient, { hash: record.txHash! }).catch(() => null);
    if (!receipt || receipt.status !== "success" || receipt.blockNumber > log.blockNumber) {
      ctx.reject(log, new Error("response to a handshake that is not included on chain"));
      return;
    }
    try {
      await authorizePeer(ctx, match.peer, log.blockNumber);
    } catch (error) {
      if (!isVerdict(error)) throw error;
      return ctx.reject(log, error);
    }
    const peer = match.peer.binding.account;
    const conversationId = this.conversationWith(peer);
    const newKey = deviceOf(match.peer).ed25519;
    // We addressed this account ourselves, so the conversation starts; a key that differs from the pinned one is
    // still announced (the user sees the safety number change in the conversation).
    const previousKey = await this.keyChanges.pinnedOtherThan(peer, newKey);
    const note = match.note ? replyNoteMessage({ conversationId, sender: peer, note: match.note, log, now: ctx.now() }) : null;
    await establishSession(ctx, { conversationId, peer: match.peer, ratchet: match.session, fromBlock: log.blockNumber }, async (tx) => {
      await tx.pendingHandshakes.delete(record.id);
      if (note) await tx.messages.put(note);
    });
    if (previousKey) this.keyChanges.announce(peer, previousKey, newKey, null);
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: match.peer.binding, initiatedByUs: true, note: match.note });
    if (note) ctx.emitter.emit("message", toView(note));
  }

  async requests(status?: HandshakeRequestRecord["status"]): Promise<HandshakeRequestView[]> {
    const records = await this.ctx.store.requests.list(status);
    return Promise.all(records.map((r) => this.view(r)));
  }

  conversationWith(peer: Address): Hex {
    return conversationIdFor({ chainId: this.ctx.chainId, contract: this.ctx.contract, a: this.ctx.identity.account, b: peer });
  }

  view(record: HandshakeRequestRecord): Promise<HandshakeRequestView> {
    return this.requestBook.view(record);
  }
}

/**
 * Whether a check's error is a verdict on the log (reported, the log skipped) rather than a failure to reach one (an
 * RPC failure: rethrown, so the sync pass retries and nothing is skipped).
 */
export function isVerdict(error: unknown): boolean {
  return error instanceof BaseError && !(error instanceof KeyBindingVerificationError);
}

/**
 * A `preparing` record. `sentAtBlock` is the chain head before the first broadcast: a crashed process's
 * recovery looks for the transaction from there (see PendingManager.recover).
 */
export function newPending(
  id: string,
  kind: PendingKind,
  conversationIds: Hex[],
  itemIds: string[],
  data: Hex,
  now: number,
  sentAtBlock: bigint,
): PendingRecord {
  return {
    id,
    kind,
    conversationIds,
    itemIds,
    status: "preparing",
    txHash: null,
    previousTxHashes: [],
    data: hexToBytes(data),
    nonce: null,
    sentAtBlock,
    blockNumber: null,
    blockHash: null,
    attempts: 0,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}
