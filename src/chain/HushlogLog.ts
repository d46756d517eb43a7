import type { Address, Hex, Log } from "viem";

export type HushlogEventName = "Handshake" | "HandshakeResponse" | "Message" | "Prekeys" | "Binding";

/**
 * One decoded Hushlog event log: everything the client needs, nothing it must decode again.
 *
 * `tag` is topic1: the recipient tag (Handshake), the response tag (HandshakeResponse), the message topic
 * (Message), or, for the account records Prekeys and Binding, the account the record declares (its bytes 1..20) as
 * a 32-byte word. Such a record may be posted by anyone (a delegate, a device, a griefer): its signature, not its
 * `sender`, says whether the account made it.
 */
export type HushlogLog = {
  event: HushlogEventName;
  /** The contract that emitted the log (checksummed). */
  address: Address;
  tag: Hex;
  /** `msg.sender` of the call that emitted the log (checksummed). */
  sender: Address;
  payload: Uint8Array;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  /** True when a subscription reports the log as removed by a reorg; eth_getLogs never returns removed logs. */
  removed: boolean;
};

/** Why a log was not decoded. Stable values: callers may count or branch on them. */
export type SkipReason =
  | "wrong-address" // emitted by another contract
  | "unknown-event" // topic0 is not one of Hushlog's events (or missing)
  | "undecodable" // topics or data do not decode as the event's ABI
  | "non-canonical" // decodes, but the data is not the exact ABI encoding Hushlog emits (extra or dirty bytes)
  | "pending" // not yet in a block (no block number, hash, or log index)
  | "out-of-range" // outside the block range that was asked for (a misbehaving provider)
  | "unrequested"; // another event, tag or sender than the query asked for (a misbehaving provider)

export type SkippedLog = {
  log: Log;
  reason: SkipReason;
  /** Public detail for diagnostics (the decoder's message); never contains anything secret. */
  detail: string;
};
