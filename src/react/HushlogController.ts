import type { QueryClient } from "@tanstack/react-query";
import { bytesToHex, getAddress, hexToBigInt, isAddressEqual, type Address, type Hex, type WalletClient } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";
import { getTransactionReceipt } from "viem/actions";
import { MINIMAL_MESSAGE_GAS, SENDING_KEY_LOW_MESSAGES } from "../constants.ts";
import { hushlogAddress } from "../chain/hushlogAddress.ts";
import { createHushlogClient } from "../client/createHushlogClient.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import {
  CannotRevokeSelfError,
  DeviceNotFoundError,
  HushlogNotReadyError,
  IdentityNotFoundError,
  UnlockSupersededError,
  WalletNotConnectedError,
  WrongChainError,
} from "../errors/reactErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import type { BoundDevice, KeyBinding } from "../identity/KeyBinding.ts";
import { wipeIdentity } from "../identity/wipeIdentity.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import {
  createStoredIdentity,
  createStoredKeyBinding,
  loadKeyBinding,
  loadStoredIdentity,
  rederiveStoredIdentity,
  type WalletSigner,
} from "./identityVault.ts";
import { createWalletSigner } from "./createWalletSigner.ts";
import type { SendingKey } from "./createSendingKey.ts";
import { listAccountDevices } from "./listAccountDevices.ts";
import { sendingKeyFees } from "./sendingKeyFees.ts";
import { createStoredSendingKey, loadSendingKey } from "./sendingKeyVault.ts";
import type { AccountDevice, HushlogConfig, SendingKeyStatus, HushlogPhase, HushlogSnapshot, HushlogWalletState } from "./HushlogControllerTypes.ts";
import { hushlogQueryKeys, type HushlogScope } from "./queryKeys.ts";
import { RunningClient } from "./RunningClient.ts";

export type { AccountDevice, SendingKeyStatus, HushlogClientOptions, HushlogConfig, HushlogPhase, HushlogSnapshot, HushlogStoreFactory, HushlogWalletState } from "./HushlogControllerTypes.ts";

type Session = {
  account: Address;
  store: Promise<HushlogStore> | undefined;
  /** Set as soon as `store` resolves (before anyone awaiting it resumes). */
  resolvedStore: HushlogStore | undefined;
  identity: Identity | undefined;
  bindings: Map<string, KeyBinding>;
  created: boolean;
  unlocking: number;
  error: Error | null;
  queue: Promise<unknown>;
  autoTried: boolean;
  silentLookups: Set<string>;
  closed: boolean;
  /** This browser's sending key (docs/protocol.md "Devices"), once loaded or created; wiped when the session ends. */
  sendingKey: SendingKey | undefined;
  /**
   * The key's wallet client, built once the key was seen holding funds (and its binding lists it): from then on the
   * client sends with it, and a send it cannot pay for fails with SendingKeyFundsError instead of asking the wallet.
   */
  keyWallet: { key: SendingKey; publicClient: unknown; walletClient: WalletClient } | undefined;
};

/** How long an action waits for wagmi's wallet client after the account connected. */
const walletTimeoutMs = 30_000;

const bindingKey = (chainId: number, contract: Address) => `${chainId}:${contract.toLowerCase()}`;

type Desired = {
  key: string;
  scope: HushlogScope;
  binding: KeyBinding;
  identity: Identity;
  /** The wallet's client, or the sending key's once it holds funds and the binding lists it. */
  walletClient: WalletClient;
  executor: HushlogConfig["executor"];
};

/** `eth_getBalance` itself: viem's getBalance action brings `call` and multicall along (about 3 kB gzip). */
async function balanceOf(publicClient: ReadClient, address: Address): Promise<bigint> {
  return hexToBigInt((await publicClient.request({ method: "eth_getBalance", params: [address, "latest"] })) as Hex);
}

/** The sending key the binding lists for `identity`'s device (null: the account sends). */
function ownSender(binding: KeyBinding, identity: Identity | undefined): Address | null {
  if (!identity) return null;
  const ed25519 = bytesToHex(identity.ed25519.publicKey);
  return binding.devices.find((d) => d.ed25519.toLowerCase() === ed25519)?.sender ?? null;
}

/**
 * The state behind `<HushlogProvider>`, outside React: the account's store and identity, the client built from
 * them and wagmi's clients, its watch loop and the bridge from its events to the query cache. React reads it
 * through `subscribe`/`getSnapshot` (useSyncExternalStore).
 *
 * Lifecycle rules:
 *  - one session per account; switching accounts locks the previous one (client closed, identity wiped, store
 *    closed) and starts locked;
 *  - at most one client runs, and its watch loop starts only after the previous client has closed;
 *  - `mount()` / its cleanup follow the provider's effect. Starting the watch is deferred to a microtask and
 *    unmount teardown to a timer, so StrictMode's mount-unmount-mount starts exactly one loop and keeps the
 *    unlocked identity.
 */
export class HushlogController {
  private readonly queryClient: QueryClient;
  private config: HushlogConfig | undefined;
  private wallet: HushlogWalletState = { account: undefined, chainId: undefined, publicClient: undefined, walletClient: undefined };
  private session: Session | undefined;
  private running: RunningClient | undefined;
  private lastClosed: Promise<void> = Promise.resolve();
  /** The running client sends with this browser's sending key (not the wallet). */
  private sendingWithKey = false;
  /** Why the last action could not even start (no wallet, wrong chain); cleared by the next wallet change. */
  private failure: Error | null = null;
  /** `lock()` was called: no automatic unlock until the account changes or `unlock()` is called. */
  private userLocked = false;
  private active = false;
  private watchScheduled = false;
  private disposeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly walletWaiters = new Set<() => void>();
  private snapshot: HushlogSnapshot;

  constructor(queryClient: QueryClient) {
    this.queryClient = queryClient;
    this.snapshot = this.computeSnapshot();
  }

  // --- React plumbing ---------------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): HushlogSnapshot => this.snapshot;

  /** The provider's effect: returns its cleanup. */
  mount(): () => void {
    clearTimeout(this.disposeTimer);
    this.active = true;
    this.reconcile();
    return () => {
      this.active = false;
      this.scheduleWatch();
      clearTimeout(this.disposeTimer);
      this.disposeTimer = setTimeout(() => {
        if (!this.active) this.endSession();
      }, 0);
    };
  }

  /** Latest props. The contract or chain changing re-keys the client; other options apply to the next client. */
  setConfig(config: HushlogConfig): void {
    this.config = config;
    this.reconcile();
  }

  setWallet(next: HushlogWalletState): void {
    const previous = this.wallet;
    // wagmi may briefly hold a wallet client of the previous account or chain while switching: ignore it.
    const candidate = next.walletClient;
    const walletClient =
      candidate &&
      next.account &&
      candidate.account &&
      isAddressEqual(candidate.account.address, next.account) &&
      (candidate.chain === undefined || candidate.chain.id === next.chainId)
        ? candidate
        : undefined;
    this.wallet = { ...next, walletClient };
    this.failure = null;
    if (!next.account || (walletClient && next.publicClient)) for (const wake of [...this.walletWaiters]) wake();
    if (previous.account && (!next.account || !isAddressEqual(previous.account, next.account))) {
      this.userLocked = false;
      this.endSession();
    }
    this.reconcile();
  }

  // --- actions ----------------------------------------------------------------------------------------------

  /**
   * Opens the store, loads the stored identity (or derives and stores it: one seed signature) and the binding
   * for this chain and contract (or signs and caches it: one typed-data signature), then starts the client.
   * Concurrent calls share the work.
   */
  unlock(options: { fund?: bigint } = {}): Promise<void> {
    this.userLocked = false;
    return this.whenWalletReady().then(() => this.enqueue((session) => this.doUnlock(session, { prompt: true, fund: options.fund })));
  }

  /**
   * Derives the identity again from a fresh seed signature. When it differs from the stored one (non-deterministic
   * signers), it becomes the current device's identity (the old one stays in the store as an older device) and a
   * new binding is signed. Explicit by design: `unlock()` never replaces a stored identity.
   */
  rederive(): Promise<void> {
    return this.whenWalletReady().then(() => this.enqueue(async (session) => {
      const signer = this.signer();
      const store = await this.openStore(session, signer);
      this.assertCurrent(session);
      const { identity, changed } = await rederiveStoredIdentity(store, signer);
      if (!this.isCurrent(session)) {
        wipeIdentity(identity);
        throw new UnlockSupersededError();
      }
      session.created ||= changed;
      if (changed || !session.identity) {
        const old = session.identity;
        const oldKey = session.sendingKey;
        session.identity = identity;
        // The sending key belongs to the old device (stored under its key): the new device makes its own.
        session.sendingKey = undefined;
        session.keyWallet = undefined;
        session.bindings.clear();
        session.silentLookups.clear();
        this.closeClient();
        // The old client may still be inside a sync pass that uses the old keys: wipe them once it has closed.
        if (old) void this.lastClosed.then(() => wipeIdentity(old));
        if (oldKey) void this.lastClosed.then(() => oldKey.wipe());
      } else {
        wipeIdentity(identity);
      }
      await this.doUnlock(session, { prompt: true });
    }));
  }

  /** Stops the client, wipes the identity from memory and closes the store. `unlock()` opens them again. */
  async lock(): Promise<void> {
    // Locked on purpose: `autoUnlock` must not undo it (until the account changes or `unlock()` is called).
    this.userLocked = true;
    const ended = this.endSession();
    this.reconcile();
    await ended;
  }

  /**
   * Signs (one typed-data prompt) and publishes a new key binding for the running client, numbered above the
   * account's last published one. "renew" keeps the current binding's devices and delegates with a new expiry;
   * "reauthorize" authorises this device alone (with the configured delegates), which revokes every other device
   * the chain's current binding lists: the answer to a binding this account did not make. The new binding is cached
   * in the store, so the next unlock uses it.
   */
  signBinding(mode: "renew" | "reauthorize"): Promise<KeyBinding> {
    let signed: KeyBinding | undefined;
    return this.enqueue(async (session) => {
      const current = this.requireRunning(session).client.binding();
      signed = await this.publishDeviceList(
        session,
        mode === "renew" ? current.delegates : this.config?.delegates,
        mode === "renew" ? { devices: current.devices } : {},
      );
    }).then(() => signed!);
  }

  /** The running client, optionally only if it serves `scope`. */
  requireClient(scope?: HushlogScope): HushlogClient {
    const running = this.running;
    if (!running) throw new HushlogNotReadyError();
    if (scope && hushlogQueryKeys.scope(scope).join() !== hushlogQueryKeys.scope(running.scope).join()) throw new HushlogNotReadyError();
    return running.client;
  }

  /** The unlocked account's store (for the app's own records, e.g. nicknames), when `scope`'s client runs. */
  requireStore(scope?: HushlogScope): HushlogStore {
    this.requireClient(scope);
    const store = this.session?.resolvedStore;
    if (!store || !this.session?.identity) throw new HushlogNotReadyError();
    return store;
  }

  /**
   * The running device for hushlog/history (client, identity, store) when `scope`'s client runs. The identity stays
   * in this tab's memory: the history functions sign and open transfers with it and send it nowhere.
   */
  requireDevice(scope?: HushlogScope): { client: HushlogClient; identity: Identity; store: HushlogStore } {
    const client = this.requireClient(scope);
    const store = this.requireStore(scope);
    return { client, identity: this.session!.identity!, store };
  }

  // --- this browser's sending key and the account's devices --------------------------------------------------

  /**
   * Lists a sending key for this browser (creating and storing one if it has none) in a newly signed binding: one
   * typed-data prompt. For browsers linked before sending keys, whose binding has `sender: null`; the wallet keeps
   * sending until the key holds funds (`topUpSendingKey`).
   */
  enableSendingKey(): Promise<Address> {
    let address: Address | undefined;
    return this.enqueue(async (session) => {
      const { client } = this.requireRunning(session);
      const key = (session.sendingKey ??= await createStoredSendingKey(session.resolvedStore!, session.identity!));
      address = key.address;
      const current = client.binding();
      if (ownSender(current, session.identity) === key.address) return;
      const own = bytesToHex(session.identity!.ed25519.publicKey);
      await this.publishDeviceList(session, current.delegates, {
        devices: current.devices.map((d) => (d.ed25519.toLowerCase() === own ? { ...d, sender: key.address } : d)),
        minSequence: current.sequence + 1n,
      });
      await this.activateSendingKey(session);
    }).then(() => address!);
  }

  /**
   * The sending key's balance now, the fee a transaction must be able to pay per gas, and about how many minimal
   * messages that leaves (MINIMAL_MESSAGE_GAS, measured by the bench). A first balance above zero switches sending to
   * the key.
   */
  async sendingKeyStatus(): Promise<SendingKeyStatus> {
    const session = this.session;
    const key = session?.sendingKey;
    const publicClient = this.wallet.publicClient;
    if (!session || !key || !publicClient) throw new HushlogNotReadyError();
    const [balance, fees] = await Promise.all([balanceOf(publicClient, key.address), sendingKeyFees(publicClient)]);
    // What the node checks the balance against: the gas limit times the highest fee the transaction may pay.
    const feePerGas = fees.type === "eip1559" ? fees.maxFeePerGas : fees.gasPrice;
    const messagesLeft = feePerGas > 0n ? balance / (MINIMAL_MESSAGE_GAS * feePerGas) : null;
    if (balance > 0n && !session.keyWallet) await this.activateSendingKey(session);
    return { address: key.address, balance, feePerGas, messagesLeft, low: messagesLeft !== null && messagesLeft < SENDING_KEY_LOW_MESSAGES };
  }

  /**
   * Sends `amount` wei from the wallet to this browser's sending key (one wallet transaction) and waits for it to be
   * mined; the client then sends with the key. Failed sends stay failed until retried (`retry`), so nothing is sent
   * twice behind the user's back.
   */
  async topUpSendingKey(amount: bigint): Promise<Hex> {
    const session = this.requireSession();
    const key = session.sendingKey;
    const { walletClient, publicClient } = this.wallet;
    if (!key || !walletClient || !publicClient) throw new HushlogNotReadyError();
    if (amount <= 0n) throw new RangeError("a top-up must be a positive amount of wei");
    const hash = await this.fundSendingKey(amount);
    await this.activateSendingKey(session);
    return hash;
  }

  /** One wallet transaction of `amount` wei to the session's sending key, waited for until mined. */
  private async fundSendingKey(amount: bigint): Promise<Hex> {
    const key = this.session?.sendingKey;
    const { walletClient, publicClient } = this.wallet;
    if (!key || !walletClient || !publicClient) throw new HushlogNotReadyError();
    const hash = await walletClient.sendTransaction({ account: walletClient.account!, chain: walletClient.chain ?? null, to: key.address, value: amount });
    // Polled with the action the client already ships (viem's waitForTransactionReceipt would add its watchers).
    for (;;) {
      const receipt = await getTransactionReceipt(publicClient, { hash }).catch(() => null);
      if (receipt) break;
      await new Promise((resolve) => setTimeout(resolve, this.config?.pollingInterval ?? publicClient.pollingInterval ?? 1_000));
    }
    return hash;
  }

  /**
   * The account's devices as its current binding on chain lists them (the running client's own binding while it is
   * not published yet), with the block time of the first binding that listed each.
   */
  async listDevices(): Promise<AccountDevice[]> {
    return (await this.deviceList()).devices;
  }

  private deviceList(): Promise<{ binding: KeyBinding; devices: AccountDevice[] }> {
    const running = this.running;
    const identity = this.session?.identity;
    if (!running || !identity || !this.wallet.publicClient) throw new HushlogNotReadyError();
    const deployBlock = this.config?.deployBlock ?? 0n;
    return listAccountDevices(this.wallet.publicClient, { scope: running.scope, ours: running.client.binding(), identity, deployBlock });
  }

  /**
   * Revokes another device of the account (one typed-data prompt): the wallet signs the chain's current list without
   * it, and the client publishes it. A device cannot revoke itself (as in the CLI).
   */
  revokeDevice(code: string): Promise<KeyBinding> {
    let signed: KeyBinding | undefined;
    return this.enqueue(async (session) => {
      const running = this.requireRunning(session);
      const { binding: current, devices } = await this.deviceList();
      const wanted = code.toUpperCase().replace(/-/g, "");
      const index = devices.findIndex((d) => d.code.replace("-", "") === wanted);
      if (index < 0) throw new DeviceNotFoundError(code);
      if (devices[index]!.thisDevice) throw new CannotRevokeSelfError(devices[index]!.code);
      signed = await this.publishDeviceList(session, current.delegates, {
        devices: current.devices.filter((_, i) => i !== index),
        minSequence: running.client.binding().sequence + 1n,
      });
    }).then(() => signed!);
  }

  // --- internals --------------------------------------------------------------------------------------------

  /** The running client with the session's identity and store, or HushlogNotReadyError. */
  private requireRunning(session: Session): RunningClient {
    if (!this.running || !session.identity || !session.resolvedStore) throw new HushlogNotReadyError();
    return this.running;
  }

  /**
   * The one path of every new device list this browser signs (renew, re-authorise, add a sending key, revoke): the
   * wallet signs it (one typed-data prompt), the store keeps it, the running client publishes it, and it becomes
   * this session's binding.
   */
  private async publishDeviceList(
    session: Session,
    delegates: readonly Address[] | undefined,
    list: { devices?: readonly BoundDevice[]; minSequence?: bigint },
  ): Promise<KeyBinding> {
    const running = this.requireRunning(session);
    const { chainId, contract } = running.scope;
    const binding = await createStoredKeyBinding(
      session.resolvedStore!,
      session.identity!,
      this.signer(),
      { chainId, contract, delegates },
      { publicClient: this.wallet.publicClient!, deployBlock: this.config?.deployBlock ?? 0n },
      list,
    );
    this.assertCurrent(session);
    await running.client.replaceBinding(binding);
    session.bindings.set(bindingKey(chainId, contract), binding);
    this.emit();
    return binding;
  }

  /** The key's wallet client when the session's key is funded, on this public client, and listed by `binding`. */
  private usableKeyWallet(session: Session, binding: KeyBinding): WalletClient | undefined {
    const keyWallet = session.keyWallet;
    if (!keyWallet || keyWallet.publicClient !== this.wallet.publicClient || keyWallet.key !== session.sendingKey) return undefined;
    return ownSender(binding, session.identity) === keyWallet.key.address ? keyWallet.walletClient : undefined;
  }

  /**
   * Switches sending to the key once it holds funds: builds its wallet client (a lazily loaded module: viem's
   * transaction preparation is only shipped to browsers that use a key) and re-keys the client. A balance that cannot
   * be read leaves the wallet sending; the next look (the hook's balance query) tries again.
   */
  private async activateSendingKey(session: Session): Promise<void> {
    const key = session.sendingKey;
    const publicClient = this.wallet.publicClient;
    const chainId = this.target()?.chainId;
    if (!key || !publicClient || chainId === undefined || (session.keyWallet?.key === key && session.keyWallet.publicClient === publicClient)) return;
    const balance = await balanceOf(publicClient, key.address).catch(() => 0n);
    if (balance === 0n || !this.isCurrent(session) || session.sendingKey !== key) return;
    const { createSendingKeyWalletClient } = await import("./createSendingKeyWalletClient.ts");
    if (!this.isCurrent(session) || session.sendingKey !== key) return;
    session.keyWallet = { key, publicClient, walletClient: createSendingKeyWalletClient(key, publicClient, chainId) };
    this.reconcile();
  }

  /**
   * Right after connecting, wagmi has the account before it has built the wallet client: an action started then
   * waits for it (up to `walletTimeoutMs`) instead of failing. Without an account it fails at once.
   */
  private whenWalletReady(): Promise<void> {
    const { account, walletClient, publicClient } = this.wallet;
    if (!account || (walletClient && publicClient) || this.wrongChain()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.walletWaiters.delete(done);
        this.emit();
        resolve();
      };
      const timer = setTimeout(done, walletTimeoutMs);
      this.walletWaiters.add(done);
      this.emit();
    });
  }

  private wrongChain(): boolean {
    return this.config?.chainId !== undefined && this.wallet.chainId !== this.config.chainId;
  }

  private enqueue(task: (session: Session) => Promise<void>): Promise<void> {
    let session: Session;
    try {
      session = this.requireSession();
      this.failure = null;
    } catch (error) {
      this.failure = error as Error;
      this.emit();
      return Promise.reject(error);
    }
    const run = session.queue.then(() => {
      this.assertCurrent(session);
      return task(session);
    });
    session.queue = run.catch(() => {});
    return run;
  }

  private requireSession(): Session {
    const { account, walletClient } = this.wallet;
    if (!account || !this.config) throw new WalletNotConnectedError();
    const wanted = this.config.chainId;
    if (wanted !== undefined && this.wallet.chainId !== wanted) throw new WrongChainError({ expected: wanted, actual: this.wallet.chainId });
    if (!walletClient || !this.wallet.publicClient) throw new WalletNotConnectedError();
    return this.ensureSession()!;
  }

  private ensureSession(): Session | undefined {
    const { account } = this.wallet;
    if (!account) return undefined;
    if (!this.session || this.session.closed) {
      this.session = {
        account: getAddress(account),
        store: undefined,
        resolvedStore: undefined,
        identity: undefined,
        bindings: new Map(),
        created: false,
        unlocking: 0,
        error: null,
        queue: Promise.resolve(),
        autoTried: false,
        silentLookups: new Set(),
        closed: false,
        sendingKey: undefined,
        keyWallet: undefined,
      };
    }
    return this.session;
  }

  private isCurrent(session: Session): boolean {
    return this.session === session && !session.closed;
  }

  private assertCurrent(session: Session): void {
    if (!this.isCurrent(session)) throw new UnlockSupersededError();
  }

  private signer(): WalletSigner {
    const { walletClient, account } = this.wallet;
    if (!walletClient || !account) throw new WalletNotConnectedError();
    return createWalletSigner(walletClient, account);
  }

  private openStore(session: Session, signer: WalletSigner): Promise<HushlogStore> {
    if (!session.store) {
      const opening = this.config!.store(session.account, signer);
      session.store = opening;
      opening.then(
        (store) => {
          if (session.store === opening) session.resolvedStore = store;
        },
        () => {
          if (session.store === opening) session.store = undefined;
        },
      );
    }
    return session.store;
  }

  private target(): { chainId: number; contract: Address } | undefined {
    const chainId = this.config?.chainId ?? this.wallet.chainId;
    if (!this.config || chainId === undefined) return undefined;
    if (this.config.chainId !== undefined && this.wallet.chainId !== this.config.chainId) return undefined;
    return { chainId, contract: getAddress(this.config.contract ?? hushlogAddress) };
  }

  private async doUnlock(session: Session, { prompt, fund }: { prompt: boolean; fund?: bigint }): Promise<void> {
    const target = this.target();
    if (!target) throw new WrongChainError({ expected: this.config?.chainId ?? -1, actual: this.wallet.chainId });
    const key = bindingKey(target.chainId, target.contract);
    if (session.identity && session.bindings.has(key)) {
      this.reconcile();
      return;
    }
    session.unlocking++;
    session.error = null;
    this.emit();
    try {
      const signer = this.signer();
      const store = await this.openStore(session, signer);
      this.assertCurrent(session);
      if (!session.identity) {
        let identity = await loadStoredIdentity(store, session.account);
        let created = false;
        if (!identity) {
          if (!prompt) throw new IdentityNotFoundError(session.account);
          identity = await createStoredIdentity(store, signer);
          created = true;
        }
        if (!this.isCurrent(session)) {
          wipeIdentity(identity);
          throw new UnlockSupersededError();
        }
        session.identity = identity;
        session.created ||= created;
      }
      const identity = session.identity;
      session.sendingKey ??= (await loadSendingKey(store, identity)) ?? undefined;
      const scope = { ...target, delegates: this.config?.delegates };
      let binding = await loadKeyBinding(store, identity, scope);
      const linking = !binding;
      if (!binding) {
        if (!prompt) throw new IdentityNotFoundError(session.account);
        // Linking lists this browser's sending key in the same signature, so no second prompt is ever needed for it.
        if (this.config?.sendingKey !== false) session.sendingKey ??= await createStoredSendingKey(store, identity);
        binding = await createStoredKeyBinding(
          store,
          identity,
          signer,
          scope,
          { publicClient: this.wallet.publicClient!, deployBlock: this.config?.deployBlock ?? 0n },
          { sender: session.sendingKey?.address ?? null },
        );
      }
      this.assertCurrent(session);
      // Funded before the client starts, so its first transaction (publishing this binding) already comes from the key.
      if (linking && fund && fund > 0n && session.sendingKey) {
        // Declined or failed: the key stays empty and the wallet sends, as without funding; the Devices screen says so.
        await this.fundSendingKey(fund).catch(() => {});
      }
      await this.activateSendingKey(session);
      this.assertCurrent(session);
      if (session.identity === identity) session.bindings.set(key, binding);
    } catch (error) {
      if (this.isCurrent(session) && !(error instanceof IdentityNotFoundError && !prompt)) {
        session.error = error instanceof Error ? error : new Error(String(error));
      }
      throw error;
    } finally {
      session.unlocking--;
      this.reconcile();
    }
  }

  /** Builds, replaces or drops the client to match the session and wallet, then settles the watch loop. */
  private reconcile(): void {
    const session = this.active ? this.ensureSession() : this.session;
    const { publicClient, walletClient, account } = this.wallet;
    const target = this.target();
    let desired: Desired | undefined;
    if (session?.identity && session.resolvedStore && target && publicClient && walletClient && account && this.config) {
      const bkey = bindingKey(target.chainId, target.contract);
      const binding = session.bindings.get(bkey);
      if (binding) {
        const keyWallet = this.usableKeyWallet(session, binding);
        const sendWith = keyWallet ?? walletClient;
        desired = {
          key: [session.account, bkey, publicClient.uid, sendWith.uid].join("|"),
          scope: { ...target, account: session.account },
          binding,
          identity: session.identity,
          walletClient: sendWith,
          executor: keyWallet ? "eoa" : this.config.executor,
        };
      } else {
        this.lookUpBindingSilently(session, bkey);
      }
    }
    if (this.running && this.running.key !== desired?.key) this.closeClient();
    if (desired && !this.running) this.startClient(desired);
    if (session && !session.identity && this.config?.autoUnlock && !this.userLocked && !session.autoTried && walletClient && target && this.active) {
      session.autoTried = true;
      void this.enqueue((s) => this.doUnlock(s, { prompt: false })).catch(() => {});
    }
    this.scheduleWatch();
    this.emit();
  }

  /** The identity is unlocked but this chain's binding is not in memory: a cached one needs no prompt. */
  private lookUpBindingSilently(session: Session, key: string): void {
    if (session.silentLookups.has(key) || session.unlocking > 0 || !session.resolvedStore) return;
    session.silentLookups.add(key);
    void this.enqueue((s) => this.doUnlock(s, { prompt: false })).catch(() => {});
  }

  private startClient(desired: Desired): void {
    const config = this.config!;
    const store = this.session!.resolvedStore!;
    const client = (config.createClient ?? createHushlogClient)({
      publicClient: this.wallet.publicClient!,
      walletClient: desired.walletClient,
      contract: desired.scope.contract,
      identity: desired.identity,
      binding: desired.binding,
      store,
      deployBlock: config.deployBlock,
      confirmations: config.confirmations,
      publishPrekeys: config.publishPrekeys,
      executor: desired.executor,
      pollingInterval: config.pollingInterval,
      logs: config.logs,
    });
    const running: RunningClient = new RunningClient({
      key: desired.key,
      scope: desired.scope,
      client,
      queryClient: this.queryClient,
      coordinateTabs: config.coordinateTabs,
      after: this.lastClosed,
      wanted: () => this.running === running && this.active,
      bindingChanged: () => this.emit(),
    });
    this.running = running;
    this.sendingWithKey = desired.walletClient !== this.wallet.walletClient;
  }

  private closeClient(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.sendingWithKey = false;
    this.lastClosed = running.close();
  }

  private scheduleWatch(): void {
    if (this.watchScheduled) return;
    this.watchScheduled = true;
    queueMicrotask(() => {
      this.watchScheduled = false;
      this.settleWatch();
    });
  }

  private settleWatch(): void {
    this.running?.setWatching(this.active, this.config?.pollingInterval);
  }

  /** Ends the account's session: client closed, identity wiped, store closed (after the client). */
  private endSession(): Promise<void> {
    const session = this.session;
    this.closeClient();
    if (!session) return this.lastClosed;
    session.closed = true;
    this.session = undefined;
    const identity = session.identity;
    const sendingKey = session.sendingKey;
    session.identity = undefined;
    session.sendingKey = undefined;
    session.keyWallet = undefined;
    session.bindings.clear();
    // Decrypted messages live in the query cache too: locking forgets them.
    const account = session.account.toLowerCase();
    this.queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === "hushlog" && query.queryKey[3] === account });
    const closed = this.lastClosed.then(async () => {
      if (identity) wipeIdentity(identity);
      sendingKey?.wipe();
      const store = await session.store?.catch(() => undefined);
      await store?.close().catch(() => {});
    });
    this.emit();
    return closed;
  }

  private emit(): void {
    const next = this.computeSnapshot();
    const prev = this.snapshot;
    if (
      prev.phase === next.phase &&
      prev.account === next.account &&
      prev.client === next.client &&
      prev.binding === next.binding &&
      prev.created === next.created &&
      prev.error === next.error &&
      prev.sendingKey?.address === next.sendingKey?.address &&
      prev.sendingKey?.active === next.sendingKey?.active &&
      prev.sendingKey?.listed === next.sendingKey?.listed
    ) {
      return;
    }
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  private computeSnapshot(): HushlogSnapshot {
    const account = this.wallet.account ? getAddress(this.wallet.account) : undefined;
    const session = this.session && !this.session.closed ? this.session : undefined;
    const running = this.running;
    const phase: HushlogPhase = !account
      ? "disconnected"
      : running
        ? "ready"
        : session?.unlocking || this.walletWaiters.size > 0
          ? "unlocking"
          : (session?.error ?? this.failure)
            ? "error"
            : "locked";
    return {
      phase,
      account,
      scope: running?.scope,
      client: running?.client,
      binding: running?.binding,
      created: session?.created ?? false,
      error: running ? null : (session?.error ?? this.failure),
      sendingKey: session?.sendingKey && {
        address: session.sendingKey.address,
        listed: running !== undefined && ownSender(running.binding, session.identity) === session.sendingKey.address,
        active: running !== undefined && this.sendingWithKey,
      },
    };
  }
}
