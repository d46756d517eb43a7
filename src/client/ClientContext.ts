import type { Address, Hex } from "viem";
import type { HushlogEventName, HushlogLog } from "../chain/HushlogLog.ts";
import type { RandomSource } from "../crypto/random.ts";
import type { DecoyPool } from "./DecoyPool.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import type { HushlogEvents } from "./ClientEvents.ts";
import type { Emitter } from "./createEmitter.ts";
import type { SessionManager } from "./SessionManager.ts";
import type { BindingDirectory } from "./BindingDirectory.ts";
import type { ContactBook } from "./ContactBook.ts";
import type { ReadClient } from "../chain/ReadClient.ts";
import type { FinalityRule } from "../chain/chainFinality.ts";
import type { RetryOptions } from "../chain/withRpcRetry.ts";

export type LogQuery = {
  /** `"any"`: every Hushlog event in the range, unfiltered (see fetchLogs). */
  event: HushlogEventName | "any";
  tags?: readonly Hex[];
  senders?: readonly Address[];
  fromBlock: bigint;
  toBlock: bigint;
  /** Stops the read before its next request (sync's signal; the client's own when it closes). */
  signal?: AbortSignal;
};

/** What the chain says about one of our transactions (see chain/probeTransaction). */
export type TransactionProbe =
  | { state: "pending" }
  | { state: "included"; blockNumber: bigint; blockHash: Hex; timestamp: number | null }
  | { state: "confirmed"; blockNumber: bigint; blockHash: Hex; timestamp: number | null }
  /** Below the chain's finalized block (or the finality depth): the record can be let go. */
  | { state: "final"; blockNumber: bigint; blockHash: Hex; timestamp: number | null }
  /** `reason`: why, when known (e.g. a smart account's inner call failed inside a successful transaction). */
  | { state: "reverted"; blockNumber: bigint; blockHash: Hex; reason?: string }
  | { state: "reorged" }
  | { state: "dropped" }
  /** Another transaction took our nonce; `replacement` null when it could not be found. */
  | { state: "replaced"; replacement: Hex | null; sameCalldata: boolean };

/**
 * Everything the client's managers share. The chain-facing members (`fetchLogs`, `executor`, `probeTransaction`,
 * the binding `directory`) are thin adapters over src/chain and src/identity, the only code that talks to an RPC.
 */
export type ClientContext = {
  publicClient: ReadClient;
  chainId: number;
  contract: Address;
  deployBlock: bigint;
  identity: Identity;
  /** Our binding: the one we publish and send in handshakes (replaced when a newer one authorises this device). */
  binding: KeyBinding;
  /** The address our transactions come from (the wallet's account: ours or a delegate). */
  sender: Address;
  store: HushlogStore;
  sessions: SessionManager;
  emitter: Emitter<HushlogEvents>;
  random: RandomSource;
  /** Accounts and smart-account bindings seen on chain: the decoys of targeted look-ups and checks (issue 18). */
  decoys: DecoyPool;
  confirmations: number;
  /** When a sent transaction is final (see chainFinality); records are watched until then. */
  finality: FinalityRule;
  /** Milliseconds since the epoch (injectable for tests). */
  now: () => number;
  fetchLogs: (query: LogQuery) => Promise<HushlogLog[]>;
  /** Retry policy for the client's reads (the `logs.retry` option). */
  retry?: RetryOptions | undefined;
  /** The provider's block range as learnt so far (requests of one query cover at most this many blocks). */
  logRange: () => bigint;
  executor: {
    /**
     * Broadcasts the calldata. `hash` is null when an EIP-5792 wallet took the calls (`callsId`) without a hash
     * yet. Throws SubmissionOutcomeUnknownError when the answer was lost after the request may have gone out.
     */
    send: (data: Hex) => Promise<{ hash: Hex | null; nonce: number | null; sentAtBlock: bigint; callsId: string | null }>;
    /** An EIP-5792 call id's state, with the transaction hash once the wallet reports it. */
    callsStatus: (callsId: string) => Promise<{ status: "pending" | "included" | "failed" | "reverted"; hash: Hex | null; statusCode?: number }>;
  };
  probeTransaction: (input: {
    hash: Hex;
    nonce: number | null;
    sentAtBlock: bigint | null;
    data: Hex;
    confirmations: number;
    block: { number: bigint; hash: Hex } | null;
  }) => Promise<TransactionProbe>;
  /** Every account's published bindings, as far as this client needs them. */
  directory: BindingDirectory;
  /** The user's blocks, in memory. */
  contacts: ContactBook;
  /** The conversation id we share with `peer` on this deployment. */
  conversationWith: (peer: Address) => Hex;
  /** Reports a log that was read and not accepted, with its typed reason. Never stores anything. */
  reject: (log: HushlogLog, error: unknown) => void;
};
