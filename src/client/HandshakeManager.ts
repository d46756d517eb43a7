import { getBlockNumber, getTransactionReceipt } from "viem/actions";
import { getAddress, hexToBytes, isAddressEqual, keccak256, type Address, type Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { HANDSHAKE_TTL_SECONDS } from "../constants.ts";
import {
  BindingRejectedError,
  RequestAlreadyHandledError,
  RequestNotFoundError,
} from "../errors/clientErrors.ts";
import { SelfHandshakeError } from "../errors/handshakeErrors.ts";
import { matchHandshakeResponse } from "../handshake/completeHandshake.ts";
import { conversationId as conversationIdFor } from "../handshake/conversationId.ts";
import { initiateHandshake } from "../handshake/initiateHandshake.ts";
import { openHandshake } from "../handshake/openHandshake.ts";
import { respondToHandshake } from "../handshake/respondToHandshake.ts";
import type { HandshakeRequestRecord } from "../store/HandshakeRequestStore.ts";
import type { PendingKind, PendingRecord } from "../store/PendingStore.ts";
import { decodeHandshakeSecret, encodeHandshakeSecret } from "../wire/handshakeSecretCodec.ts";
import type { ClientContext } from "./ClientContext.ts";
import { establishSession } from "./establishSession.ts";
import type { HandshakeRequestView } from "./ClientEvents.ts";
import type { PendingManager } from "./PendingManager.ts";

/**
 * Handshakes through the chain (DESIGN §2.3): starting one (secrets persisted until answered or expired),
 * receiving requests (each checked — payload, sender, signature, on-chain binding — before it is stored or
 * shown), accepting and declining them, and matching responses to our pending handshakes. A session is created
 * only when every check passed; anything else is reported through `ctx.reject` with its typed reason and
 * changes nothing.
 */
export class HandshakeManager {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;

  constructor(ctx: ClientContext, pending: PendingManager) {
    this.ctx = ctx;
    this.pending = pending;
  }

  async start(peer: Address, options: { note?: string | null } = {}): Promise<{ handshakeId: Hex }> {
    const { ctx } = this;
    const recipient = getAddress(peer);
    if (isAddressEqual(recipient, ctx.identity.account)) throw new SelfHandshakeError();
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
    const data = encodePackedCall({ kind: "handshake", recipientTag: message.recipientTag, payload: message.payload });
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
    return { handshakeId };
  }

  /** An incoming `Handshake` log addressed to us. */
  async onHandshake(log: HushlogLog): Promise<void> {
    const { ctx } = this;
    const id = `${log.transactionHash}:${log.logIndex}`;
    if (await ctx.store.requests.get(id)) return;
    // The same handshake re-included after a reorg (maybe at another log index) is not a second request.
    const known = await ctx.store.requests.list();
    if (known.some((r) => r.payload.length === log.payload.length && r.payload.every((b, i) => b === log.payload[i]))) return;
    let opened: Awaited<ReturnType<typeof openHandshake>>;
    try {
      opened = await openHandshake(log.payload, { sender: log.sender, recipient: ctx.identity.account, chainId: ctx.chainId, contract: ctx.contract });
    } catch (error) {
      ctx.reject(log, error);
      return;
    }
    // An RPC failure throws out of here on purpose: the sync pass fails and retries, so nothing is skipped.
    if (!(await ctx.verifyBinding(opened.initiator))) {
      ctx.reject(log, new BindingRejectedError(opened.initiator.account));
      return;
    }
    const from = opened.initiator.account;
    const request: HandshakeRequestRecord = {
      id,
      from,
      payload: log.payload,
      note: opened.note,
      verified: true,
      status: "pending",
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      blockNumber: log.blockNumber,
      receivedAt: ctx.now(),
    };

    // Both sides started a handshake to each other: both keep the one with the lower hash, so they end up in
    // the same session. Each side already asked for this conversation, so completing it needs no new consent.
    const ours = (await ctx.store.pendingHandshakes.getByPeer(from)).filter((h) => h.txHash !== null);
    if (ours.length > 0) {
      const theirs = keccak256(log.payload);
      if (ours.every((h) => BigInt(theirs) < BigInt(h.id))) {
        await ctx.store.requests.save(request);
        await ctx.store.transaction(async (tx) => {
          for (const h of ours) {
            await tx.pendingHandshakes.delete(h.id);
            await tx.pending.delete(h.id);
          }
        });
        await this.accept(id);
      } else {
        await ctx.store.requests.save({ ...request, status: "declined" });
      }
      return;
    }
    await ctx.store.requests.save(request);
    ctx.emitter.emit("handshake", { type: "request", request: await this.view(request) });
  }

  async accept(requestId: string, options: { note?: string | null } = {}): Promise<{ conversationId: Hex }> {
    const { ctx } = this;
    const request = await ctx.store.requests.get(requestId);
    if (!request) throw new RequestNotFoundError(requestId);
    if (request.status !== "pending") throw new RequestAlreadyHandledError(requestId, request.status);
    const opened = await openHandshake(request.payload, {
      sender: request.from,
      recipient: ctx.identity.account,
      chainId: ctx.chainId,
      contract: ctx.contract,
    });
    const responded = await respondToHandshake(ctx.identity, ctx.binding, opened, { note: options.note, random: ctx.random });
    const conversationId = this.conversationWith(request.from);
    const responseId = keccak256(responded.message.payload);
    const data = encodePackedCall({ kind: "response", responseTag: responded.message.responseTag, payload: responded.message.payload });
    // The initiator can answer only after our response is included, which is after the current block.
    const fromBlock = await getBlockNumber(ctx.publicClient);
    await establishSession(ctx, { conversationId, peer: opened.initiator, ratchet: responded.session, fromBlock }, async (tx) => {
      await tx.requests.updateStatus(requestId, "accepted");
      await tx.pending.save(newPending(responseId, "response", [conversationId], [requestId], data, ctx.now(), fromBlock));
    });
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: opened.initiator, initiatedByUs: false, note: request.note });
    await this.pending.broadcast(responseId);
    return { conversationId };
  }

  async decline(requestId: string): Promise<void> {
    const request = await this.ctx.store.requests.get(requestId);
    if (!request) throw new RequestNotFoundError(requestId);
    if (request.status !== "pending") throw new RequestAlreadyHandledError(requestId, request.status);
    await this.ctx.store.requests.updateStatus(requestId, "declined");
    this.ctx.emitter.emit("handshake", { type: "declined", requestId });
  }

  /** Accounts whose responses we wait for (the sender filter of the response query). */
  async awaitedResponders(): Promise<Address[]> {
    await this.ctx.store.pendingHandshakes.deleteExpired(this.ctx.now());
    const pending = await this.ctx.store.pendingHandshakes.list();
    return [...new Set(pending.filter((h) => h.txHash !== null).map((h) => h.peer))];
  }

  /** An incoming `HandshakeResponse` log from one of the accounts we addressed. */
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
    if (!(await ctx.verifyBinding(match.peer))) {
      ctx.reject(log, new BindingRejectedError(match.peer.account));
      return;
    }
    const conversationId = this.conversationWith(match.peer.account);
    await establishSession(ctx, { conversationId, peer: match.peer, ratchet: match.session, fromBlock: log.blockNumber }, async (tx) => {
      await tx.pendingHandshakes.delete(record.id);
    });
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: match.peer, initiatedByUs: true, note: match.note });
  }

  async requests(status?: HandshakeRequestRecord["status"]): Promise<HandshakeRequestView[]> {
    const records = await this.ctx.store.requests.list(status);
    return Promise.all(records.map((r) => this.view(r)));
  }

  conversationWith(peer: Address): Hex {
    return conversationIdFor({ chainId: this.ctx.chainId, contract: this.ctx.contract, a: this.ctx.identity.account, b: peer });
  }

  private async view(record: HandshakeRequestRecord): Promise<HandshakeRequestView> {
    const { payload: _payload, ...rest } = record;
    return { ...rest, replacesConversation: (await this.ctx.sessions.get(this.conversationWith(record.from))) !== null };
  }
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
