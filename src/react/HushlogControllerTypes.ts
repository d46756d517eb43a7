import type { Address, Hex, WalletClient } from "viem";
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
  /**
   * Give this browser its own sending key (docs/protocol.md "Devices"): created when the browser is linked and listed
   * as its `sender` in the same binding signature; once it holds funds (`useSendingKey().topUp`), messages, accepts,
   * group operations and binding publications go out from it with no wallet prompt. Default true; false keeps every
   * send a wallet transaction.
   */
  sendingKey?: boolean;
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
  /**
   * This browser's sending key, when it has one: `listed` when the running client's binding names it as this device's
   * sender, `active` when the client sends with it (it held funds when last looked at).
   */
  sendingKey: { address: Address; listed: boolean; active: boolean } | undefined;
};

/** This browser's sending key on chain (useSendingKey). */
export type SendingKeyStatus = {
  address: Address;
  /** Wei. */
  balance: bigint;
  /** Wei per gas a transaction must be able to pay now (EIP-1559 max fee, or the gas price). */
  feePerGas: bigint;
  /** About how many minimal text messages the balance pays for at that fee; null when the fee is zero. */
  messagesLeft: bigint | null;
  /** Fewer than SENDING_KEY_LOW_MESSAGES messages left: time to top up. */
  low: boolean;
};

/** One device of the account, as its current binding lists it (useDevices). */
export type AccountDevice = {
  /** The device's short code (`XXXX-XXXX`), as the CLI and the wallet's binding statement show it. */
  code: string;
  ed25519: Hex;
  /** The device's sending key, or null when the account's wallet sends for it. */
  sender: Address | null;
  thisDevice: boolean;
  /** Unix seconds of the block of the first published binding that listed it; null while not on chain. */
  addedAt: number | null;
  /** The list is the one on chain (false: this device's newer list is still being published). */
  published: boolean;
};
