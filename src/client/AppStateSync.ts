import { getBlockNumber } from "viem/actions";
import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { APPSYNC_MAX_MUTATIONS, APPSYNC_READ_MARKER_WINDOW, MAX_NICKNAME_LENGTH } from "../constants.ts";
import { constantTimeEqual } from "../crypto/bytes.ts";
import { AppStatePatchRejectedError } from "../errors/appSyncErrors.ts";
import type { HushlogLog } from "../chain/HushlogLog.ts";
import { encodePackedCall } from "../chain/encodePackedCall.ts";
import { allowedSenders } from "../identity/bindingAllowsSender.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { expandAppSyncKeys, patchTopic, syncKeyId, wipeAppSyncKeys, type AppSyncKeys } from "../appsync/appSyncKeys.ts";
import { openAppStatePatch, sealAppStatePatch, type AppStatePatchScope } from "../appsync/appStatePatchBox.ts";
import { isValidMutation, type AppStateMutation } from "../wire/AppStateMutation.ts";
import { emptyLtHash } from "../appsync/ltHash.ts";
import { applyToLocal } from "./applyToLocal.ts";
import { localAppState, type LocalAppStateEntry } from "./localAppState.ts";
import { indexMac, mutationEffect, snapshotMac, valueMac } from "../appsync/mutationMacs.ts";
import { deviceSetFingerprint, openSyncKeyShare, sealSyncKeyShare, SYNC_KEY_SHARE_TOPIC } from "../appsync/syncKeyShare.ts";
import type { ClientContext } from "./ClientContext.ts";
import { laterThan } from "./ContactBook.ts";
import { newPending } from "./HandshakeManager.ts";
import type { PendingManager } from "./PendingManager.ts";

/** What one push sent: one transaction, `mutations` changes, and whether it rotated the sync key first. */
export type AppStatePushResult = { pendingId: string; mutations: number; rotated: boolean; remaining: number };

/** Where app-state sync stands on this device. */
export type AppStateStatus = {
  /** Id of the sync key in use (hex), null before the first key. */
  keyId: Hex | null;
  /** Version of its patch stream this device has applied. */
  version: number;
  /** Local changes not yet carried by a patch on chain (what the next push sends). */
  pendingChanges: number;
  /** Whether the device list changed since the key was shared: the next push rotates it. */
  rotationDue: boolean;
};

const inFlight = new Set(["preparing", "unknown", "submitted"]);
const collection = (keyId: Uint8Array) => `regular/${bytesToHex(keyId).slice(2)}`;

/**
 * Own-device app-state sync (docs/protocol.md, "App-state sync"): nicknames, blocks, mutes and read markers follow
 * the account across its devices. Local changes are not queued: the changes to send are the difference between what
 * this device holds (contacts, alias mapping) and what the current collection's value MACs say was synced, so a crash
 * loses nothing and a change made twice is sent once. One push is one transaction: one patch (and, when the device
 * list changed, the new sync key's share in the same transaction).
 */
export class AppStateSync {
  private readonly ctx: ClientContext;
  private readonly pending: PendingManager;
  private readonly hooks: { assertAuthorized: () => void; onBlocked: (account: Address) => Promise<void> };

  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: ClientContext, pending: PendingManager, hooks: AppStateSync["hooks"]) {
    this.ctx = ctx;
    this.pending = pending;
    this.hooks = hooks;
    // What an app turns into a notification: an incoming message whose sender the user has not muted.
    ctx.emitter.on("message", (view) => {
      if (view.direction === "in" && !ctx.contacts.isMuted(view.sender)) ctx.emitter.emit("notification", view);
    });
  }

  /** Runs `fn` after every earlier sync or push of this device: two passes never apply one patch twice. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Records that the conversation was read through its newest included message (the read marker another device
   * applies). Only 1:1 conversations: a group's read state stays on each device.
   */
  async recordRead(conversationId: Hex): Promise<void> {
    const entry = await this.ctx.sessions.get(conversationId);
    if (!entry) return;
    let newest: { block: bigint; logIndex: number } | null = null;
    for (const m of await this.ctx.store.messages.list(conversationId, { limit: APPSYNC_READ_MARKER_WINDOW })) {
      if (m.blockNumber === null || m.logIndex === null) continue;
      if (!newest || m.blockNumber > newest.block || (m.blockNumber === newest.block && m.logIndex > newest.logIndex)) newest = { block: m.blockNumber, logIndex: m.logIndex };
    }
    if (!newest) return;
    const existing = (await this.ctx.store.contacts.get(entry.record.peer))?.readThrough;
    if (existing && (existing.block > newest.block || (existing.block === newest.block && existing.logIndex >= newest.logIndex))) return;
    await this.ctx.contacts.update(entry.record.peer, (c) => ({ readThrough: { ...newest, at: laterThan(c?.readThrough?.at, this.ctx.now()) } }));
  }

  private get cursorKey(): string {
    return `${this.ctx.chainId}:${this.ctx.contract.toLowerCase()}:appsync`;
  }

  private scope(keyId: Uint8Array): AppStatePatchScope {
    return { chainId: this.ctx.chainId, contract: this.ctx.contract, account: this.ctx.identity.account, keyId };
  }

  /** The newest sync key this device holds (by the chain position of its share), expanded. Wipe `keys` when done. */
  private async currentKey(): Promise<{ keyId: Uint8Array; keys: AppSyncKeys; fingerprint: Uint8Array } | null> {
    const keyId = await this.ctx.store.getLatestSyncKeyId();
    const stored = keyId && (await this.ctx.store.getSyncKey(keyId));
    return stored ? { keyId: keyId!, keys: expandAppSyncKeys(stored.keyData), fingerprint: stored.fingerprint } : null;
  }

  /**
   * Reads key shares and patches from the stored cursor to `syncedTo` (the block the client's sync pass reached, so
   * our binding, which decides whose shares and patches count, is the one of that block), and applies what is ours.
   */
  sync(syncedTo: bigint, signal?: AbortSignal): Promise<{ applied: number }> {
    return this.serial(() => this.read(syncedTo, signal));
  }

  private async read(syncedTo: bigint, signal?: AbortSignal): Promise<{ applied: number }> {
    const { ctx } = this;
    const stored = await ctx.store.cursors.get(this.cursorKey);
    const fromBlock = stored ? stored.block + 1n : ctx.deployBlock;
    const toBlock = syncedTo;
    if (fromBlock > toBlock) return { applied: 0 };
    // No sender filter in the queries: the RPC must not learn which account reads them (issue 18). Shares of other
    // accounts (rare: one per device-list change) are dismissed here by their sender, before any cryptography.
    const ours = new Set(allowedSenders(ctx.binding).map((s) => s.toLowerCase()));
    // The share topic is every account's, yet it too goes among decoys: no topic query stands out (issue 18).
    const shares = await ctx.decoys.withDecoyTopics([SYNC_KEY_SHARE_TOPIC]);
    for (const log of await ctx.fetchLogs({ event: "Message", tags: shares.tags, fromBlock, toBlock, signal })) {
      if (shares.real.has(log.tag.toLowerCase()) && ours.has(log.sender.toLowerCase())) await this.receiveShare(log).catch((error) => ctx.reject(log, error));
    }
    let applied = 0;
    const current = await this.currentKey();
    if (current) {
      try {
        const name = collection(current.keyId);
        for (;;) {
          const { version } = await ctx.store.getVersion(name);
          // The patch topic among decoy topics, as catch-up message queries are (issue 18).
          const { tags, real } = await ctx.decoys.withDecoyTopics([patchTopic(current.keys, version + 1)]);
          const logs = (await ctx.fetchLogs({ event: "Message", tags, fromBlock, toBlock, signal })).filter((log) => real.has(log.tag.toLowerCase()));
          let advanced = false;
          for (const log of logs) {
            try {
              await this.applyPatch(current, log, version + 1);
              advanced = true;
              applied++;
              break;
            } catch (error) {
              if (!(error instanceof AppStatePatchRejectedError)) throw error;
              ctx.reject(log, error);
            }
          }
          if (!advanced) break;
        }
      } finally {
        wipeAppSyncKeys(current.keys);
      }
    }
    await ctx.store.cursors.put({ key: this.cursorKey, block: toBlock, recentBlocks: [], updatedAt: ctx.now() });
    if (applied > 0) {
      await ctx.contacts.refresh();
      const keyId = await ctx.store.getLatestSyncKeyId();
      ctx.emitter.emit("appState", { applied, version: keyId ? (await ctx.store.getVersion(collection(keyId))).version : 0 });
    }
    return { applied };
  }

  private async receiveShare(log: HushlogLog): Promise<void> {
    const { ctx } = this;
    const opened = await openSyncKeyShare(log.payload, {
      own: ctx.identity.x25519,
      senders: ctx.binding.devices,
      scope: { chainId: ctx.chainId, contract: ctx.contract, account: ctx.identity.account },
    });
    if (!opened) return;
    // Chain position orders keys: of two rotations made at once, every device adopts the later one.
    const timestamp = Number(log.blockNumber) * 1_000_000 + log.logIndex;
    await ctx.store.setSyncKey(syncKeyId(opened.syncKey), { keyData: opened.syncKey, fingerprint: opened.deviceSet, timestamp });
  }

  /**
   * Opens, checks and applies one patch in ONE store transaction: collection version and LtHash, value MACs, and the
   * values themselves where they are newer than ours. Any check failing throws before anything is written.
   */
  private async applyPatch(current: { keyId: Uint8Array; keys: AppSyncKeys }, log: HushlogLog, version: number): Promise<void> {
    const { ctx } = this;
    if (!allowedSenders(ctx.binding).some((s) => s.toLowerCase() === log.sender.toLowerCase())) throw new AppStatePatchRejectedError("sender", version);
    const patch = openAppStatePatch(current.keys, this.scope(current.keyId), version, log.payload);
    if (!patch.mutations.every((m) => isValidMutation(m, MAX_NICKNAME_LENGTH))) throw new AppStatePatchRejectedError("malformed", version);
    const name = collection(current.keyId);
    const blocked: Address[] = [];
    await ctx.store.transaction(async (tx) => {
      const state = await tx.getVersion(name);
      if (state.version !== version - 1) throw new AppStatePatchRejectedError("version", version);
      const previous = await tx.getMutationMacs(name, patch.mutations.map((m) => indexMac(current.keys, m)));
      const effect = mutationEffect(current.keys, state.hash.length ? state.hash : emptyLtHash(), previous, patch.mutations, version);
      if (!constantTimeEqual(snapshotMac(current.keys, effect.hash, version), patch.snapshotMac)) throw new AppStatePatchRejectedError("snapshot", version);
      await tx.setVersion(name, { version, hash: effect.hash });
      if (effect.put.length) await tx.putMutationMacs(name, version, effect.put);
      if (effect.remove.length) await tx.deleteMutationMacs(name, effect.remove);
      blocked.push(...(await applyToLocal(tx, patch.mutations, ctx.conversationWith)));
    });
    for (const account of blocked) await this.hooks.onBlocked(account);
  }

  /** Local changes the current collection has not synced, as mutations (sets and removals), oldest first. */
  private async changes(store: HushlogStore, keys: AppSyncKeys, name: string): Promise<AppStateMutation[]> {
    const entries = localAppState(await store.contacts.list(), await store.getAllAliasMappings());
    const synced = await store.getMutationMacs(name, entries.map((e) => indexMac(keys, e)));
    const changes: AppStateMutation[] = [];
    for (const e of entries) {
      const stored = synced.get(bytesToHex(indexMac(keys, e)));
      if (e.present && !(stored && constantTimeEqual(stored, valueMac(keys, e)))) changes.push(toMutation(e, "set"));
      if (!e.present && stored) changes.push(toMutation(e, "remove"));
    }
    return changes.sort((a, b) => a.timestamp - b.timestamp);
  }

  async status(): Promise<AppStateStatus> {
    const current = await this.currentKey();
    if (!current) {
      const entries = localAppState(await this.ctx.store.contacts.list(), await this.ctx.store.getAllAliasMappings());
      return { keyId: null, version: 0, pendingChanges: entries.filter((e) => e.present).length, rotationDue: true };
    }
    try {
      const name = collection(current.keyId);
      return {
        keyId: bytesToHex(current.keyId),
        version: (await this.ctx.store.getVersion(name)).version,
        pendingChanges: (await this.changes(this.ctx.store, current.keys, name)).length,
        rotationDue: !constantTimeEqual(current.fingerprint, deviceSetFingerprint(this.ctx.binding.devices)),
      };
    } finally {
      wipeAppSyncKeys(current.keys);
    }
  }

  /**
   * Sends the local changes in one transaction: one patch on the next version's topic. When there is no sync key yet,
   * or the device list changed since it was shared (a device linked or revoked), a new key goes first, sealed to every
   * listed device in the same transaction, and the patch is its stream's version 1 carrying the whole state (what a
   * newly linked device starts from). Null when there is nothing to send or our previous push is not on chain yet.
   */
  push(): Promise<AppStatePushResult | null> {
    return this.serial(() => this.send());
  }

  private async send(): Promise<AppStatePushResult | null> {
    const { ctx } = this;
    this.hooks.assertAuthorized();
    if ((await ctx.store.pending.list()).some((p) => p.kind === "appsync" && inFlight.has(p.status))) return null;
    const current = await this.currentKey();
    const devices = ctx.binding.devices;
    const rotate = !current || !constantTimeEqual(current.fingerprint, deviceSetFingerprint(devices));
    const syncKey = rotate ? ctx.random(32) : null;
    const target = syncKey ? { keyId: syncKeyId(syncKey), keys: expandAppSyncKeys(syncKey) } : current!;
    try {
      const name = collection(target.keyId);
      const all = rotate
        ? localAppState(await ctx.store.contacts.list(), await ctx.store.getAllAliasMappings()).filter((e) => e.present).map((e) => toMutation(e, "set"))
        : await this.changes(ctx.store, target.keys, name);
      if (all.length === 0 && !rotate) return null;
      const mutations = all.slice(0, APPSYNC_MAX_MUTATIONS);
      const state = rotate ? { version: 0, hash: emptyLtHash() } : await ctx.store.getVersion(name);
      const version = state.version + 1;
      const hash = state.hash.length ? state.hash : emptyLtHash();
      const previous = rotate ? new Map<Hex, Uint8Array>() : await ctx.store.getMutationMacs(name, mutations.map((m) => indexMac(target.keys, m)));
      const effect = mutationEffect(target.keys, hash, previous, mutations, version);
      const patch = sealAppStatePatch(target.keys, this.scope(target.keyId), { version, snapshotMac: snapshotMac(target.keys, effect.hash, version), mutations }, ctx.random);
      const messages = [{ topic: patchTopic(target.keys, version), payload: patch }];
      if (syncKey) {
        const scope = { chainId: ctx.chainId, contract: ctx.contract, account: ctx.identity.account };
        // Our own box too: we learn the key, and its chain position, from the chain like every other device.
        const share = await sealSyncKeyShare({ syncKey, devices, ownX25519: ctx.identity.x25519, scope });
        messages.unshift({ topic: SYNC_KEY_SHARE_TOPIC, payload: share });
      }
      // A rotation with nothing to carry still sends its (empty-state) key: a patch needs at least one mutation.
      if (mutations.length === 0) messages.pop();
      const data = messages.length === 1 ? encodePackedCall({ kind: "message", ...messages[0]! }) : encodePackedCall({ kind: "batch", messages });
      const head = await getBlockNumber(ctx.publicClient, { cacheTime: 0 });
      const id = `appsync:${bytesToHex(ctx.random(16)).slice(2)}`;
      await ctx.store.pending.save(newPending(id, "appsync", [], [], data, ctx.now(), head));
      await this.pending.broadcast(id);
      return { pendingId: id, mutations: mutations.length, rotated: rotate, remaining: all.length - mutations.length };
    } finally {
      wipeAppSyncKeys(target.keys);
      syncKey?.fill(0);
    }
  }
}

function toMutation(e: LocalAppStateEntry, op: "set" | "remove"): AppStateMutation {
  return { op, kind: e.kind, account: getAddress(e.account), timestamp: e.timestamp, value: op === "set" ? e.value : new Uint8Array(0) };
}

