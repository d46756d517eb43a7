import { getAddress, hexToBigInt, isAddressEqual, keccak256, type Address, type Hex } from "viem";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { decodeKeyBinding } from "../wire/keyBindingCodec.ts";
import type { PublishedBinding } from "./selectCurrentBinding.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { checkKeyBinding, type BindingInvalidReason, type BindingVerdict } from "./verifyKeyBinding.ts";
import type { ReadClient } from "../chain/ReadClient.ts";

/** How a binding's signature is checked at a time: `checkKeyBinding`, or the client's cover-checked version of it. */
export type CheckBinding = (binding: KeyBinding, at: number) => Promise<BindingVerdict>;

/** A `Binding` log as the directory needs it: its record, where it is, and the time of its block. */
export type BindingLog = { account: Address; payload: Uint8Array; blockNumber: bigint; logIndex: number; blockTime: number };

/**
 * Opens one `Binding` log: the record must decode as a binding of the account the log is indexed under, and its
 * signature must be valid for this deployment at the log's block time. Anyone can post under any account, so a
 * record that fails is not the account's: it is reported (`{ invalid }`, with the wire error or the verdict's
 * reason) and ignored. An RPC failure throws (retry later).
 */
export async function openPublishedBinding(
  publicClient: ReadClient,
  log: BindingLog,
  deployment: { chainId: number; contract: Address },
  check: CheckBinding = (binding, at) => checkKeyBinding(publicClient, binding, { ...deployment, at }),
): Promise<{ published: PublishedBinding } | { invalid: BindingInvalidReason | "malformed" | "wrong-account" }> {
  let binding;
  try {
    binding = decodeKeyBinding(log.payload, deployment);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("WIRE_")) return { invalid: "malformed" };
    throw error;
  }
  if (!isAddressEqual(binding.account, getAddress(log.account))) return { invalid: "wrong-account" };
  const verdict = await check(binding, log.blockTime);
  if (!verdict.valid) return { invalid: verdict.reason };
  return {
    published: { binding, hash: keccak256(log.payload), blockNumber: log.blockNumber, logIndex: log.logIndex, blockTime: log.blockTime },
  };
}

/** The account a `Binding`/`Prekeys` log is indexed under (its topic1 word). */
export function accountOfRecordTag(tag: Hex): Address {
  if (hexToBigInt(tag) >> 160n !== 0n) throw new InvalidFieldError({ format: "account record log", field: "account", reason: "not an address word" });
  return getAddress(`0x${tag.slice(26)}`);
}
