import { getChainId } from "viem/actions";
import { getAddress, isAddressEqual, keccak256, type Address, type Hex, type WalletClient } from "viem";
import { assertHushlogDeployed } from "../chain/assertHushlogDeployed.ts";
import { chainFinality } from "../chain/chainFinality.ts";
import { createExecutor } from "../chain/createExecutor.ts";
import type { Executor, ExecutorKind } from "../chain/Executor.ts";
import { createLogLimits, fetchLogs, type FetchLogsOptions } from "../chain/fetchLogs.ts";
import { hushlogAddress } from "../chain/hushlogAddress.ts";
import { resolveDeployBlock } from "../chain/resolveDeployBlock.ts";
import { systemRandom } from "../crypto/random.ts";
import { createContentApi } from "../content/createContentApi.ts";
import { DEFAULT_LOOKUP_DECOYS } from "../constants.ts";
import { DecoyPool } from "./DecoyPool.ts";
import { AccountBlockedError, ClientClosedError, ConversationNotFoundError, NotRetryableError, PendingNotFoundError } from "../errors/clientErrors.ts";
import { conversationId as conversationIdFor } from "../handshake/conversationId.ts";
import { BindingDirectory } from "./BindingDirectory.ts";
import { ContactBook } from "./ContactBook.ts";
import { KeyChanges } from "./KeyChanges.ts";
import { OwnBinding } from "./OwnBinding.ts";
import { RequestBook } from "./RequestBook.ts";
import { RewindGuard } from "./RewindGuard.ts";
import { SubmissionFailedError } from "../errors/chainErrors.ts";
import { ClientChainMismatchError } from "../errors/identityErrors.ts";
import { assertOwnBinding } from "../handshake/assertOwnBinding.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { HushlogEvents } from "./ClientEvents.ts";
import { CiphertextRefresher } from "./CiphertextRefresher.ts";
import { createClientExecutor } from "./createClientExecutor.ts";
import { createEmitter } from "./createEmitter.ts";
import { createProbe } from "./createProbe.ts";
import { GroupManager } from "./GroupManager.ts";
import { HandshakeManager } from "./HandshakeManager.ts";
import { explainHistoryOnly } from "./historyMarks.ts";
import { encodeMessageContent, rekeyContent, type MessageContent } from "./messageContent.ts";
import { PrekeyManager } from "./PrekeyManager.ts";
import type { HushlogClient } from "./HushlogClient.ts";
import { MessageSender } from "./MessageSender.ts";
import { PendingManager } from "./PendingManager.ts";
import { toView } from "./receiveMessages.ts";
import { SessionManager } from "./SessionManager.ts";
import { startWatcher } from "./startWatcher.ts";
import { withUnfilteredReuse } from "./withUnfilteredReuse.ts";
import { SyncEngine } from "./SyncEngine.ts";
import { AppStateSync } from "./AppStateSync.ts";
import { createAppStateApi } from "./AppStateApi.ts";
import { TransactionFinder } from "./TransactionFinder.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

export type CreateHushlogClientParameters = {
  publicClient: ReadClient;
  walletClient: WalletClient;
  /** The Hushlog contract; must be the binding's contract. Default: the canonical `hushlogAddress`. */
  contract?: Address;
  identity: Identity;
  /** Our key binding for this chain and contract (see createKeyBinding). */
  binding: KeyBinding;
  store: HushlogStore;
  /** Depth (its own block counts as 1) at which a transaction shows as confirmed. Default: per chain, see chainFinality. */
  confirmations?: number;
  /** When a sent transaction is final and stops being watched (default per chain, see chainFinality). */
  finality?: { depth?: number; tag?: "finalized" | "safe" | null };
  /**
   * First block that can hold Hushlog logs (the deployment block); sync never reads before it. Default: the known
   * block of the canonical deployment on this chain, else found by binary search and cached in `store.cache`.
   */
  deployBlock?: bigint;
  /** How transactions are sent: "auto" (EIP-5792 when the wallet batches atomically, else one tx per call). */
  executor?: ExecutorKind | "auto";
  /**
   * Publish (and rotate weekly) a prekey bundle so others can reach us with a first message while we are offline,
   * without a round trip (about 78,500 gas per publication). Default true.
   */
  publishPrekeys?: boolean;
  /**
   * Decoy accounts mixed into each targeted look-up (a prekey bundle, a smart-account binding check), so the RPC sees
   * the target as one of `lookupDecoys + 1` accounts (issue 18). Default DEFAULT_LOOKUP_DECOYS (4); 0 turns it off.
   */
  lookupDecoys?: number;
  /** Default interval of `watch`, in ms (default: the public client's polling interval). */
  pollingInterval?: number;
  /** Log reader tuning for providers with limits (initial range, topics per query, retries). */
  logs?: Pick<FetchLogsOptions, "maxTopicsPerQuery" | "initialBlockRange" | "maxBlockRange" | "resultLimit" | "retry">;
  now?: () => number;
};

/**
 * A client for one identity on one chain and contract. It is cheap to create: nothing touches the network until
 * the first call, which checks that the RPC is on the binding's chain and that the contract is Hushlog.
 */
export function createHushlogClient(parameters: CreateHushlogClientParameters): HushlogClient {
  const { publicClient, walletClient, identity, binding, store } = parameters;
  const contract = getAddress(parameters.contract ?? hushlogAddress);
  const chainId = binding.chainId;
  const ownDevice = assertOwnBinding(identity, binding, { chainId, contract });
  const conversationWith = (peer: Address): Hex => conversationIdFor({ chainId, contract, a: identity.account, b: getAddress(peer) });
  const now = parameters.now ?? (() => Date.now());
  const account = identity.account;
  const walletAccount = walletClient.account?.address;
  // Who may post for this device: the account, a delegate, or the sender the binding names for this device.
  const deviceSender = binding.devices[ownDevice.device]!.sender;
  const senders = [account, ...binding.delegates, ...(deviceSender ? [deviceSender] : [])];
  if (walletAccount && !senders.some((s) => isAddressEqual(s, walletAccount))) {
    throw new TypeError(`the wallet's account ${walletAccount} may not send for ${account}: it is neither the account, a delegate nor this device's sender`);
  }

  const emitter = createEmitter<HushlogEvents>((error) => emitter.emit("error", { error }));
  const sessions = new SessionManager(store, { chainId, contract });
  // Aborted by close(): every read in flight stops before its next request, and nothing new starts.
  const lifetime = new AbortController();
  const open = () => {
    if (lifetime.signal.aborted) throw new ClientClosedError();
  };
  // Learned once per client: a provider's range and OR-list limits are not refused again on every call.
  const logLimits = createLogLimits(parameters.logs);
  const finality = chainFinality(chainId, { ...parameters.finality, confirmations: parameters.confirmations });
  let executor: Promise<Executor> | undefined;
  const getExecutor = () =>
    (executor ??= createExecutor({ walletClient, publicClient, contract: { address: contract, chainId }, kind: parameters.executor ?? "auto" }).catch(
      (error) => {
        executor = undefined;
        throw error;
      },
    ));

  const decoys = new DecoyPool({ store, random: systemRandom, chainId, contract, count: parameters.lookupDecoys ?? DEFAULT_LOOKUP_DECOYS });
  const ctx: ClientContext = {
    publicClient,
    chainId,
    contract,
    // Until the first call resolves it (ensureReady): nothing reads it before then.
    deployBlock: parameters.deployBlock ?? 0n,
    identity,
    binding,
    sender: walletAccount ? getAddress(walletAccount) : account,
    store,
    sessions,
    emitter,
    // Keys come straight from the platform's CSPRNG: no caller can hand a client a seeded source.
    random: systemRandom,
    confirmations: finality.confirmations,
    finality,
    now,
    // The deployment block may be resolved on the first call (ensureReady): read it when needed.
    directory: new BindingDirectory({ publicClient, chainId, contract, deployBlock: () => ctx.deployBlock, store, now, decoys }),
    decoys,
    contacts: new ContactBook(store, now),
    conversationWith,
    fetchLogs: withUnfilteredReuse(
      async (query) =>
        (
          await fetchLogs(publicClient, {
            address: contract,
            ...parameters.logs,
            ...query,
            tags: query.tags,
            senders: query.senders,
            limits: logLimits,
            signal: query.signal ?? lifetime.signal,
          })
        ).logs,
    ),
    logRange: () => logLimits.range.size(),
    retry: parameters.logs?.retry,
    executor: createClientExecutor(getExecutor, walletAccount ?? account),
    probeTransaction: createProbe(publicClient, { from: walletAccount ?? account, deployBlock: () => ctx.deployBlock, finality, contract }),
    reject: (log, error) => {
      const e = error as { code?: string; shortMessage?: string; message?: string };
      emitter.emit("rejected", {
        reason: e?.code ?? "UNKNOWN",
        message: e?.shortMessage ?? e?.message ?? String(error),
        event: log.event,
        sender: log.sender,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
        blockNumber: log.blockNumber,
      });
    },
  };

  const pending = new PendingManager(ctx, { refresher: new CiphertextRefresher(ctx), finder: new TransactionFinder(ctx) });
  const keyChanges = new KeyChanges(ctx);
  const requestBook = new RequestBook(ctx, keyChanges);
  const handshakes = new HandshakeManager(ctx, pending, keyChanges, requestBook);
  const own = new OwnBinding(ctx, pending);
  const rewind = new RewindGuard(ctx);
  const sender = new MessageSender(ctx, pending);
  const groups = new GroupManager(ctx, sender, conversationWith);
  const prekeys = new PrekeyManager(ctx, { pending, keyChanges, requests: requestBook }, parameters.publishPrekeys ?? true);
  pending.afterIncluded = (record) => groups.afterIncluded(record);
  pending.afterConfirmed = (record, timestamp) => prekeys.afterConfirmed(record, timestamp);
  pending.beforeBroadcast = (record) => own.beforeContact(record);
  const engine = new SyncEngine(ctx, { handshakes, pending, groups: groups.service, prekeys, own });
  const watchers = new Set<() => void>();
  const declineFrom = async (from: Address) => {
    for (const request of await store.requests.list("pending")) if (isAddressEqual(request.from, from)) await handshakes.decline(request.id);
  };
  const appSync = new AppStateSync(ctx, pending, { assertAuthorized: () => own.assertAuthorized(), onBlocked: declineFrom });

  /**
   * Re-keys a conversation whose sending chain may exist twice (RewindGuard), after reading what the chain holds for
   * it: with the peer's prekeys, a fresh first contact that carries this message; otherwise an interactive handshake
   * the peer's client answers by itself, and this send is refused until then (SessionRewoundError).
   */
  const rekey = async (conversationId: Hex, content: MessageContent | string | null) => {
    const entry = await sessions.get(conversationId);
    if (!entry) throw new ConversationNotFoundError(conversationId);
    await engine.sync();
    const peer = entry.record.peer;
    const bundle = await prekeys.findBundle(peer);
    if (bundle) {
      const started = await prekeys.start(peer, bundle, content === null ? rekeyContent : encodeMessageContent(content));
      return { pendingId: started.handshakeId, messageIds: content === null ? [] : [started.messageId] };
    }
    await handshakes.start(peer);
    throw rewind.refused(conversationId);
  };
  /** Before a group operation: the 1:1 conversations its key distributions travel over must not be rewound. */
  const rekeyMembers = async (members: readonly Address[]) => {
    for (const member of members) {
      if (isAddressEqual(member, account)) continue;
      const conversationId = conversationWith(member);
      if (await rewind.needsRekey(conversationId)) await rekey(conversationId, null);
    }
  };
  const groupMembers = async (groupId: Hex) => (await groups.service.getGroup(groupId))?.members ?? [];

  let ready: Promise<void> | undefined;
  const ensureReady = () =>
    (ready ??= (async () => {
      const actual = await getChainId(publicClient);
      if (actual !== chainId) throw new ClientChainMismatchError({ clientChainId: actual, chainId });
      await assertHushlogDeployed(publicClient, contract);
      if (parameters.deployBlock === undefined) ctx.deployBlock = (await resolveDeployBlock(publicClient, { chainId, address: contract, cache: store.cache })).deployBlock;
      await pending.recover();
      // A store opened from a copy of another's file: its sending chains must never be used again.
      await rewind.checkStore();
      // Our binding must be the chain's current one before anyone accepts our handshakes: publish it if needed.
      await own.check();
    })().catch((error) => {
      ready = undefined;
      throw error;
    }));

  const client: HushlogClient = {
    account,
    chainId,
    contract,
    async startConversation(peer, options = {}) {
      open();
      await ensureReady();
      own.assertAuthorized();
      const recipient = getAddress(peer);
      if (await ctx.contacts.isBlocked(recipient)) throw new AccountBlockedError(recipient);
      // The peer already asked us through a prekey first contact: starting the conversation accepts it (consent), and
      // the message goes through the session it established. (A pending interactive request is accepted by `start`.)
      const asked = (await store.requests.list("pending")).find((r) => isAddressEqual(r.from, recipient) && r.kind === "prekey" && !r.replacesKey);
      if (asked) {
        const { conversationId } = await handshakes.accept(asked.id);
        const text = options.message ?? options.note;
        if (text) await sender.send([{ conversationId, content: text }]);
        return { mode: "prekey", handshakeId: keccak256(asked.payload), conversationId };
      }
      // The peer published prekeys: first contact in one transaction, with the first message (encrypted) inside.
      const bundle = await prekeys.findBundle(recipient);
      if (bundle) {
        const started = await prekeys.start(recipient, bundle, encodeMessageContent(options.message ?? options.note ?? ""));
        return { mode: "prekey", handshakeId: started.handshakeId, conversationId: started.conversationId };
      }
      const started = await handshakes.start(recipient, options);
      return { mode: "interactive", handshakeId: started.handshakeId, conversationId: handshakes.conversationWith(recipient) };
    },
    async acceptHandshake(requestId, options) {
      open();
      await ensureReady();
      own.assertAuthorized();
      return handshakes.accept(requestId, options);
    },
    declineHandshake: async (requestId) => {
      open();
      return handshakes.decline(requestId);
    },
    async sendMessage(conversationId, content) {
      open();
      await ensureReady();
      own.assertAuthorized();
      try {
        if (await rewind.needsRekey(conversationId)) return await rekey(conversationId, content);
        return await sender.send([{ conversationId, content }]);
      } catch (error) {
        throw await explainHistoryOnly(store, error, [conversationId]);
      }
    },
    async sendMessages(messages) {
      open();
      await ensureReady();
      own.assertAuthorized();
      const rewound = new Set<Hex>();
      for (const { conversationId } of messages) if (!rewound.has(conversationId) && (await rewind.needsRekey(conversationId))) rewound.add(conversationId);
      // One message: the re-keying first contact carries it. A batch: each rewound conversation is re-keyed first (an
      // invisible re-key message), then the whole batch goes out on the fresh chains; never a message left behind.
      if (messages.length === 1 && rewound.size === 1) return rekey(messages[0]!.conversationId, messages[0]!.content);
      for (const conversationId of rewound) await rekey(conversationId, null);
      return sender.send(messages).catch(async (error) => {
        throw await explainHistoryOnly(store, error, messages.map((m) => m.conversationId));
      });
    },
    async block(account) {
      const blocked = getAddress(account);
      await ctx.contacts.setBlocked(blocked, true);
      await declineFrom(blocked);
    },
    unblock: (account) => ctx.contacts.setBlocked(getAddress(account), false),
    blocked: () => ctx.contacts.list(),
    async safetyNumber(peer) {
      const entry = await sessions.get(conversationWith(peer));
      const key = entry ? entry.state.peer.binding.devices[entry.state.peer.device]!.ed25519 : null;
      return key ? keyChanges.safetyNumber(getAddress(peer), key) : null;
    },
    binding: () => ctx.binding,
    async replaceBinding(next) {
      await ensureReady();
      await own.replace(next);
    },
    async createGroup(options) {
      open();
      await ensureReady();
      own.assertAuthorized();
      await rekeyMembers(options.members);
      return groups.create(options);
    },
    async addGroupMembers(groupId, members) {
      open();
      await ensureReady();
      own.assertAuthorized();
      await rekeyMembers([...(await groupMembers(groupId)), ...members]);
      return groups.changeMembers(groupId, "add", members);
    },
    async removeGroupMembers(groupId, members) {
      open();
      await ensureReady();
      own.assertAuthorized();
      // Read everything on chain first: the removal drops the members' keys, so their earlier messages must be in.
      await engine.sync();
      await rekeyMembers(await groupMembers(groupId));
      return groups.changeMembers(groupId, "remove", members);
    },
    async sendGroupMessage(groupId, content) {
      open();
      await ensureReady();
      own.assertAuthorized();
      // Read everything on chain first: a removal we have not seen yet must rotate our key before we send, or a
      // removed member still holding our old key reads this message (the CLI always did this; now the library).
      await engine.sync();
      await rekeyMembers(await groupMembers(groupId));
      return groups.send(groupId, content);
    },
    groups: () => groups.list(),
    async retry(pendingId) {
      open();
      await ensureReady();
      const record = await store.pending.get(pendingId);
      if (!record) throw new PendingNotFoundError(pendingId);
      if (!["failed", "reverted", "dropped", "replaced"].includes(record.status)) throw new NotRetryableError(pendingId, record.status);
      const after = await pending.broadcast(pendingId);
      if (record.kind === "binding" && after?.status === "submitted") await own.retryContacts();
    },
    async sync(options = {}) {
      open();
      await ensureReady();
      const signal = options.signal ? AbortSignal.any([options.signal, lifetime.signal]) : lifetime.signal;
      const result = await engine.sync({ ...options, signal });
      // Our own devices' settings, after the pass that read our binding (a rotation's key share needs it).
      if (options.toBlock === undefined) await appSync.sync(result.toBlock, signal);
      return result;
    },
    watch(options = {}) {
      open();
      const stop = startWatcher({
        // Checking the chain first: a closed client starts no pass, or it would run after close() waited.
        pass: async (signal) => {
          await ensureReady();
          if (signal.aborted) return;
          const { toBlock } = await engine.sync({ signal });
          if (!signal.aborted) await appSync.sync(toBlock, signal);
        },
        interval: options.pollingInterval ?? parameters.pollingInterval ?? publicClient.pollingInterval,
        lifetime: lifetime.signal,
        signal: options.signal,
        emitter,
        onStop: () => watchers.delete(stop),
      });
      watchers.add(stop);
      return stop;
    },
    async conversations() {
      // Requests (held first contacts, sessions under a changed key) are not conversations until accepted.
      const entries = (await sessions.all()).filter((e) => e.state.status !== "request");
      // One store transaction for the whole list (issue 21: two per conversation), read in order.
      return store.transaction(async (tx) => {
        const views = [];
        for (const { record, state } of entries) {
          const [last] = await tx.messages.list(record.conversationId, { limit: 1 });
          views.push({
            conversationId: record.conversationId,
            peer: record.peer,
            binding: state.peer.binding,
            status: state.status === "revoked" ? ("revoked" as const) : ("active" as const),
            unread: await tx.messages.unreadCount(record.conversationId),
            lastMessage: last ? toView(last) : null,
          });
        }
        return views;
      });
    },
    currentBinding: async () => (await ctx.directory.current(account))?.binding ?? null,
    async messages(conversationId, options) {
      return (await store.messages.list(conversationId, options)).map(toView);
    },
    async markRead(conversationId) {
      await store.messages.markRead(conversationId);
      await appSync.recordRead(conversationId);
    },
    requests: (status) => handshakes.requests(status),
    async pendingTransactions() {
      return (await store.pending.list()).map((p) => ({
        id: p.id,
        kind: p.kind,
        status: p.status,
        txHash: p.txHash,
        conversationIds: p.conversationIds,
        itemIds: p.itemIds,
        attempts: p.attempts,
        error: p.error,
        createdAt: p.createdAt,
      }));
    },
    conversationWith,
    on: (event, listener) => emitter.on(event, listener),
    async close() {
      lifetime.abort(new ClientClosedError());
      for (const stop of [...watchers]) stop();
      await engine.idle();
      sessions.clear();
      emitter.clear();
    },
    appState: createAppStateApi({ store, contacts: ctx.contacts, appSync, now, sync: () => client.sync() }),
    content: createContentApi({ client: () => client, message: async (id) => map(await store.messages.get(id), toView), random: systemRandom, now }),
  };
  return client;
}

const map = <T, U>(value: T | null, fn: (value: T) => U): U | null => (value === null ? null : fn(value));
