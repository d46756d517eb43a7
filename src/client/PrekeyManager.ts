import { getBlock, getBlockNumber } from "viem/actions";
import { bytesToHex, keccak256, type Address, type Hex } from "viem";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { wipe } from "../crypto/bytes.ts";
import { PREKEY_GRACE_SECONDS } from "../constants.ts";
import { AccountBlockedError } from "../errors/clientErrors.ts";
import { PrekeyReusedError } from "../errors/storeErrors.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import { acceptPrekeyHandshake } from "../handshake/acceptPrekeyHandshake.ts";
import { initiatePrekeyHandshake } from "../handshake/initiatePrekeyHandshake.ts";
import type { PrekeyBundle } from "../handshake/PrekeyBundle.ts";
import { scanPrekeyHandshakes } from "../handshake/scanPrekeyHandshakes.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { authorizePeer } from "./authorizePeer.ts";
import { isVerdict } from "./HandshakeManager.ts";
import type { KeyChanges } from "./KeyChanges.ts";
import type { RequestBook } from "./RequestBook.ts";
import { ensurePrekeys } from "../prekeys/ensurePrekeys.ts";
import { findPrekeyBundle } from "../prekeys/findPrekeyBundle.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { loadOwnPrekeys, loadSignedPrekeyRecords } from "../prekeys/loadOwnPrekeys.ts";
import { markPrekeysPublished } from "../prekeys/markPrekeysPublished.ts";
import { prunePrekeys } from "../prekeys/prunePrekeys.ts";
import type { RatchetPosition } from "../ratchet/ratchetDecrypt.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import type { PendingRecord } from "../store/PendingStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import { establishSession } from "./establishSession.ts";
import { newPending } from "./HandshakeManager.ts";
import { outgoing } from "./MessageSender.ts";
import { messageId } from "./messageId.ts";
import { REKEY } from "./messageContent.ts";
import type { PendingManager } from "./PendingManager.ts";
import { toView } from "./receiveMessages.ts";

/**
 * Offline first contact (issue 8) inside the client:
 * - sending: when the peer has published a bundle, one transaction carries the handshake and our first message,
 *   and our session exists at once (committed with the message and the pending record before broadcast);
 * - receiving: prekey handshakes (one shared tag, recipient hidden) are scanned with our live prekeys; an accepted
 *   one records its (KEM prekey, signed prekey, base key) triple, the session and the first message in ONE store
 *   transaction, so a replay is refused by the store and a crash never half-applies one;
 * - publishing: after a sync pass reaches the head, our bundle is published or rotated on schedule (marked
 *   published only once confirmed), and old prekeys are deleted after their grace period.
 */
export class PrekeyManager {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;
  private readonly conversationWith: (peer: Address) => Hex;
  private readonly publish: boolean;

  private readonly keyChanges: KeyChanges;
  private readonly requests: RequestBook;

  constructor(
    ctx: ClientContext,
    managers: { pending: PendingManager; keyChanges: KeyChanges; requests: RequestBook },
    publish: boolean,
  ) {
    this.ctx = ctx;
    this.pending = managers.pending;
    this.keyChanges = managers.keyChanges;
    this.requests = managers.requests;
    this.conversationWith = ctx.conversationWith;
    this.publish = publish;
  }

  /**
   * The peer's verified bundle, or null (never published, or published by a device its account's current binding no
   * longer lists: use the interactive handshake).
   */
  async findBundle(peer: Address): Promise<PrekeyBundle | null> {
    const { ctx } = this;
    const decoys = await ctx.decoys.sample([peer, ctx.identity.account]);
    const verify = async (binding: KeyBinding) => (await ctx.directory.check(binding, Math.floor(ctx.now() / 1000))).valid;
    // The newest bundle of a device the account still lists (devices publish their own; a revoked one's is skipped).
    const listed = async (owner: PrekeyBundle["owner"]) => (await ctx.directory.lists(owner)) === "listed";
    return findPrekeyBundle(ctx.publicClient, { account: peer, decoys, verify, chainId: ctx.chainId, contract: ctx.contract, fromBlock: ctx.deployBlock, acceptOwner: listed });
  }

  async start(peer: Address, bundle: PrekeyBundle, firstMessage: Uint8Array): Promise<{ handshakeId: Hex; conversationId: Hex; messageId: Hex }> {
    const { ctx } = this;
    const started = await initiatePrekeyHandshake(ctx.identity, ctx.binding, bundle, { firstMessage, random: ctx.random });
    const conversationId = this.conversationWith(peer);
    const handshakeId = keccak256(started.message.payload);
    const data = encodePackedCall({ kind: "handshake", recipientTag: started.message.recipientTag, payload: started.message.payload });
    const head = await getBlockNumber(ctx.publicClient);
    const id = messageId(conversationId, started.position.topic, started.position.index);
    const message = outgoing(id, conversationId, firstMessage, ctx, ctx.now());
    // A re-key (RewindGuard) carries nothing to show, on either side.
    const visible = firstMessage[0] !== REKEY;
    await establishSession(ctx, { conversationId, peer: started.peer, ratchet: started.session, fromBlock: head, prekeyOrigin: handshakeId }, async (tx) => {
      if (visible) await tx.messages.put(message);
      // Kind "message": the carried first message follows the transaction's lifecycle like any other.
      await tx.pending.save(newPending(handshakeId, "message", [conversationId], visible ? [id] : [], data, ctx.now(), head));
    });
    if (visible) ctx.emitter.emit("message", toView(message));
    ctx.emitter.emit("handshake", { type: "established", conversationId, peer: started.peer.binding, initiatedByUs: true, note: null });
    await this.pending.broadcast(handshakeId);
    return { handshakeId, conversationId, messageId: id };
  }

  /** Prekey handshake logs of one sync step (all of them: the recipient is hidden, so every log is scanned). */
  async receive(logs: readonly HushlogLog[]): Promise<void> {
    const { ctx } = this;
    // A blocked account's logs are dropped before any cryptography (a delegate of it is caught after opening).
    const open: HushlogLog[] = [];
    for (const log of logs) {
      if (await ctx.contacts.isBlocked(log.sender)) ctx.reject(log, new AccountBlockedError(log.sender));
      else open.push(log);
    }
    if (open.length === 0) return;
    const prekeys = await loadOwnPrekeys(ctx.store);
    try {
      for (const candidate of await scanPrekeyHandshakes(open, prekeys)) {
        const log = candidate.log;
        let accepted: Awaited<ReturnType<typeof acceptPrekeyHandshake>>;
        try {
          const prekey = prekeys.find((p) => p.id === candidate.prekeyId)!;
          accepted = await acceptPrekeyHandshake(ctx.identity, candidate, prekey, {
            sender: log.sender,
            chainId: ctx.chainId,
            contract: ctx.contract,
            block: log.blockNumber,
          });
          if (await ctx.contacts.isBlocked(accepted.peer.binding.account)) throw new AccountBlockedError(accepted.peer.binding.account);
          // An RPC failure throws out of here on purpose: the sync pass fails and retries, nothing is skipped.
          await authorizePeer(ctx, accepted.peer, log.blockNumber);
        } catch (error) {
          if (!isVerdict(error)) throw error;
          ctx.reject(log, error);
          continue;
        }
        await this.acceptOne(log, accepted);
      }
    } finally {
      for (const prekey of prekeys) wipe(prekey.signedPrekey.secretKey, prekey.kemSeed);
    }
  }

  /**
   * One opened prekey first contact. Whether it becomes (or replaces) the conversation at once depends on consent:
   * - from the device whose key is pinned for the account (the peer re-keyed, e.g. after restoring a backup), or
   *   from an account we addressed ourselves (a pending handshake of ours: both asked): the session is established;
   * - from a stranger: held as a request (session in status "request", under the conversation id);
   * - under a key other than the pinned one: held under a separate id, the conversation untouched, and the change
   *   announced; the user decides.
   * The used (KEM prekey, signed prekey, base key) triple is recorded in the same transaction either way, so a
   * replay is refused by the store and a crash never half-applies one.
   */
  private async acceptOne(
    log: HushlogLog,
    accepted: { session: RatchetSession; peer: DeviceBinding; plaintext: Uint8Array; position: RatchetPosition; prekeyId: number; baseKey: Uint8Array },
  ): Promise<void> {
    const { ctx } = this;
    const account = accepted.peer.binding.account;
    const conversationId = this.conversationWith(account);
    const id = messageId(conversationId, accepted.position.topic, accepted.position.index);
    const message = (owner: Hex): MessageRecord => ({
      id,
      conversationId: owner,
      direction: "in",
      sender: account,
      body: accepted.plaintext,
      status: "received",
      txHash: log.transactionHash,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      logIndex: log.logIndex,
      createdAt: ctx.now(),
      timestamp: null,
      read: false,
    });
    // A re-key (the peer restored a backup and starts afresh, see RewindGuard) carries nothing to show.
    const visible = accepted.plaintext[0] !== REKEY;
    // The same log read again, or a replay in another transaction: nothing changes (reported for a replay).
    const seen = async (known: MessageRecord | null, error: PrekeyReusedError) => {
      if (!known || known.txHash !== log.transactionHash) ctx.reject(log, error);
      else if (known.status === "reorged") await ctx.store.messages.update(id, { status: "received", blockNumber: log.blockNumber, blockHash: log.blockHash, logIndex: log.logIndex });
    };
    // Its first message already stored means this first contact was accepted before: checked here as well as by the
    // used-triple record below, which a store restored from a backup does not have (no store lists them). Without
    // it, reading the handshake again would reset the conversation to its first message. The message id comes from
    // the new session's first topic, unique to this handshake.
    const stored = await ctx.store.messages.get(id);
    if (stored) return seen(stored, new PrekeyReusedError({ kind: "Last-resort Kyber prekey (same first contact)", id: accepted.prekeyId }));

    const deviceKey = deviceOf(accepted.peer).ed25519;
    const previousKey = await this.keyChanges.pinnedOtherThan(account, deviceKey);
    const existing = await ctx.sessions.get(conversationId);
    const weAsked = (await ctx.store.pendingHandshakes.getByPeer(account)).length > 0;
    const consented = !previousKey && ((existing !== null && existing.state.status !== "request") || weAsked || (await ctx.store.loadIdentity(account)) !== null);
    const requestId = `${log.transactionHash}:${log.logIndex}`;
    const markUsed = (tx: HushlogStore) => tx.markKyberPrekeyUsed(accepted.prekeyId, accepted.prekeyId, accepted.baseKey);
    try {
      if (!consented) {
        // Messages under the id with no session there are history imported from another of our devices (hushlog/history).
        const holdsHistory = existing === null && (await ctx.store.messages.list(conversationId, { limit: 1 })).length > 0;
        const heldId = this.requests.heldConversationId(conversationId, requestId, previousKey !== null || holdsHistory);
        await establishSession(ctx, { conversationId: heldId, peer: accepted.peer, ratchet: accepted.session, fromBlock: log.blockNumber, status: "request" }, async (tx) => {
          await markUsed(tx);
          if (visible) await tx.messages.put(message(heldId));
          await this.requests.save(
            {
              id: requestId,
              from: account,
              kind: "prekey",
              payload: log.payload,
              note: null,
              deviceKey,
              replacesKey: previousKey,
              conversationId: heldId,
              verified: true,
              status: "pending",
              txHash: log.transactionHash,
              logIndex: log.logIndex,
              blockNumber: log.blockNumber,
              receivedAt: ctx.now(),
            },
            tx,
          );
        });
        const request = await ctx.store.requests.get(requestId);
        if (previousKey) this.keyChanges.announce(account, previousKey, deviceKey, requestId);
        if (request) ctx.emitter.emit("handshake", { type: "request", request: await this.requests.view(request) });
        return;
      }
      // Both sides started a prekey contact at once: both keep the session of the lower handshake hash. The losing
      // side's first message is still stored; its session is not.
      const origin = existing?.state.prekeyOrigin;
      const keepOurs = origin !== null && origin !== undefined && BigInt(origin) < BigInt(keccak256(log.payload));
      if (keepOurs) {
        await ctx.store.transaction(async (tx) => {
          await markUsed(tx);
          if (visible) await tx.messages.put(message(conversationId));
        });
      } else {
        await establishSession(ctx, { conversationId, peer: accepted.peer, ratchet: accepted.session, fromBlock: log.blockNumber }, async (tx) => {
          await markUsed(tx);
          if (visible) await tx.messages.put(message(conversationId));
        });
        ctx.emitter.emit("handshake", { type: "established", conversationId, peer: accepted.peer.binding, initiatedByUs: false, note: null });
      }
    } catch (error) {
      if (!(error instanceof PrekeyReusedError)) throw error;
      return seen(await ctx.store.messages.get(id), error);
    }
    if (visible) ctx.emitter.emit("message", toView(message(conversationId)));
  }

  /** Publishes or rotates our bundle when due (call after a pass that reached the head), then prunes old prekeys. */
  async maintain(cursorBlock: bigint): Promise<void> {
    if (!this.publish) return;
    const { ctx } = this;
    const due = await ensurePrekeys(ctx.store, ctx.identity, ctx.binding, {
      chainId: ctx.chainId,
      contract: ctx.contract,
      now: Math.floor(ctx.now() / 1000),
      random: ctx.random,
    });
    if (due) {
      const id = keccak256(due.bundle);
      if (!(await ctx.store.pending.get(id))) {
        const head = await getBlockNumber(ctx.publicClient);
        await ctx.store.pending.save(newPending(id, "prekeys", [], [String(due.prekeyId)], encodePackedCall({ kind: "prekeys", bundle: due.bundle }), ctx.now(), head));
        await this.pending.broadcast(id);
      }
    }
    // Pruning needs two reads from the chain; skip them until some key's grace period can have ended (by the local
    // clock; prunePrekeys then judges by the scanned chain's time, never by this clock).
    const nowSeconds = Math.floor(ctx.now() / 1000);
    const records = await loadSignedPrekeyRecords(ctx.store);
    if (records.some((r) => r.supersededAt !== null && r.supersededAt + PREKEY_GRACE_SECONDS <= nowSeconds)) {
      const scannedThrough = Number((await getBlock(ctx.publicClient, { blockNumber: cursorBlock })).timestamp);
      // OUR device's newest bundle: another device of the account numbers its prekeys on its own.
      const ours = bytesToHex(ctx.identity.ed25519.publicKey);
      const mine = async (owner: PrekeyBundle["owner"]) => deviceOf(owner).ed25519.toLowerCase() === ours;
      const onChain = await findPrekeyBundle(ctx.publicClient, { account: ctx.identity.account, chainId: ctx.chainId, contract: ctx.contract, fromBlock: ctx.deployBlock, acceptOwner: mine }).catch(() => null);
      await prunePrekeys(ctx.store, { scannedThrough, onChainPrekeyId: onChain?.prekeyId });
    }
  }

  /** A `prekeys` transaction is confirmed: the bundle is on chain from its block's time. */
  async afterConfirmed(record: PendingRecord, timestamp: number | null): Promise<void> {
    if (record.kind !== "prekeys" || !record.itemIds[0]) return;
    await markPrekeysPublished(this.ctx.store, Number(record.itemIds[0]), timestamp ?? Math.floor(this.ctx.now() / 1000));
  }
}
