import type { Address, WalletClient } from "viem";
import type { ExecutorKind } from "../chain/Executor.ts";
import type { CreateHushlogClientParameters } from "../client/createHushlogClient.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { TabCoordinationApis } from "./createTabCoordinator.ts";
import type { WalletSigner } from "./identityVault.ts";
import type { HushlogScope } from "./queryKeys.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

/**
 * Opens the store of `account`. Called once per account while the provider is mounted, when the identity is
 * first unlocked (or by `autoUnlock`); the provider closes the store when the account changes, on `lock()` and
 * on unmount. `wallet` signs as the connected account, e.g. for `deriveDexieKey`.
 */
export type HushlogStoreFactory = (account: Address, wallet: WalletSigner) => Promise<HushlogStore>;

export type HushlogClientOptions = {
  /** First block that can hold Hushlog logs (the deployment block). Default: found on chain (see createHushlogClient). */
  deployBlock?: bigint;
  /** Blocks on top of a transaction's block before it counts as confirmed (default 2). */
  confirmations?: number;
  /** How often the watch loop reads new blocks, in ms (default: the public client's polling interval). */
  pollingInterval?: number;
  executor?: ExecutorKind | "auto";
  /** Publish (and rotate) a prekey bundle so others can start a conversation while we are offline. Default true. */
  publishPrekeys?: boolean;
  logs?: CreateHushlogClientParameters["logs"];
  /** Addresses that may submit for the account (relayers, session keys); part of the signed key binding. */
  delegates?: readonly Address[];
  /**
   * On connect, open the store and load a stored identity and binding without asking the wallet for anything
   * (beyond what the store factory itself asks). Nothing stored: stays locked until `unlock()`. Default false.
   */
  autoUnlock?: boolean;
  /**
   * Tabs of this browser showing the same account (over a store they share, like Dexie's) read the chain once: one
   * tab runs the watch loop (a Web Lock), every tab tells the others what its client changed (a BroadcastChannel)
   * and they refresh from the store. `true` uses the browser's APIs (nothing changes where they are missing).
   * Default false: every provider runs its own watch loop.
   */
  coordinateTabs?: boolean | TabCoordinationApis;
  /** Builds the client (default `createHushlogClient`): wrap or instrument it here. */
  createClient?: (parameters: CreateHushlogClientParameters) => HushlogClient;
};

export type HushlogConfig = HushlogClientOptions & {
  /** The Hushlog contract. Default: the canonical `hushlogAddress`. */
  contract?: Address;
  store: HushlogStoreFactory;
  /** The chain Hushlog runs on; default: whichever chain the wallet is on. */
  chainId?: number;
};

/** What the provider learns from wagmi. */
export type HushlogWalletState = {
  account: Address | undefined;
  /** The wallet's current chain. */
  chainId: number | undefined;
  publicClient: ReadClient | undefined;
  walletClient: WalletClient | undefined;
};

export type HushlogPhase = "disconnected" | "locked" | "unlocking" | "ready" | "error";

export type HushlogSnapshot = {
  phase: HushlogPhase;
  account: Address | undefined;
  /** Chain, contract and account of the running client; undefined until ready. */
  scope: HushlogScope | undefined;
  client: HushlogClient | undefined;
  /** The identity's public side and binding, once ready. */
  binding: KeyBinding | undefined;
  /** The identity was derived (first use on this device) rather than loaded, in this provider's lifetime. */
  created: boolean;
  error: Error | null;
};
