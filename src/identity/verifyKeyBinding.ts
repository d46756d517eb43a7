import {
  hashTypedData,
  isAddressEqual,
  getAddress,
  hexToBytes,
  keccak256,
  slice,
  size,
  type Address,
  type Chain,
  type Client,
  type Hex,
  type Transport,
} from "viem";
import { ClientChainMismatchError } from "../errors/identityErrors.ts";
import { assertKeyBindingShape } from "./assertKeyBindingShape.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingTypedData } from "./keyBindingTypedData.ts";

/** Why a binding is not valid. "unverifiable": its smart-account check ran out of gas (no verdict, never "forged"). */
export type BindingInvalidReason = "other-deployment" | "expired" | "signature" | "unverifiable";

export type BindingVerdict = { valid: true; by: "ecrecover" | "contract" } | { valid: false; reason: BindingInvalidReason };

export type CheckKeyBindingOptions = {
  /** Where the binding was found (the log's chain and contract): a binding made for another deployment is invalid. */
  chainId: number;
  contract: Address;
  /** Unix seconds at which the binding must not have expired (a log's block time); default the local clock. */
  at?: number;
};

/**
 * Checks that `binding` was signed by its account for this chain and contract and had not expired at `at`. Whether it
 * is the account's CURRENT binding (the newest valid one published on chain) is the directory's question
 * (`BindingDirectory`), not this function's.
 *
 * The signature is checked where the answer cannot be faked by the RPC whenever possible:
 * - an ECDSA signature (65 bytes, or 64-byte compact) that recovers to the account is valid, computed locally: no
 *   request at all. This covers EOAs and EIP-7702 accounts (whose EOA key still signs for them), whatever code a
 *   7702 account delegates to;
 * - otherwise, if the account has code (`eth_getCode`), its own ERC-1271 check runs in one `eth_call` with explicit
 *   gas (BINDING_VERIFY_GAS): a revert is "signature", running out of that gas is "unverifiable" (no verdict). An
 *   ERC-6492 wrapper (an account not deployed yet) goes through the ERC-6492 universal validator instead;
 * - otherwise (an EOA whose signature recovers to someone else) it is invalid, without any eth_call: an RPC would
 *   have to lie about the account's code as well to make a self-signed binding pass.
 * An RPC failure (unreachable, rate limited) throws `KeyBindingVerificationError` (retryable): an outage never reads
 * as a forged binding. Smart-account verdicts rest on the RPC's honesty about the account's state; docs/protocol.md
 * says so.
 *
 * Throws `InvalidKeyBindingError` for a malformed binding and `ClientChainMismatchError` when the client is known to
 * be on another chain (its state would answer for the wrong chain).
 *
 * @example
 * const verdict = await checkKeyBinding(publicClient, binding, { chainId: 8453, contract: hushlogAddress });
 * if (!verdict.valid) console.log(`rejected: ${verdict.reason}`);
 */
export async function checkKeyBinding(
  publicClient: Client<Transport, Chain | undefined>,
  binding: KeyBinding,
  { chainId, contract, at }: CheckKeyBindingOptions,
): Promise<BindingVerdict> {
  assertKeyBindingShape(binding);
  if (binding.chainId !== chainId || !isAddressEqual(binding.contract, contract)) return { valid: false, reason: "other-deployment" };
  if (binding.expiresAt <= BigInt(at ?? Math.floor(Date.now() / 1000))) return { valid: false, reason: "expired" };
  const clientChainId = publicClient.chain?.id;
  if (clientChainId !== undefined && clientChainId !== chainId) throw new ClientChainMismatchError({ clientChainId, chainId });

  const hash = hashTypedData(keyBindingTypedData(binding));
  const signatureSize = size(binding.signature);
  if ((signatureSize === 65 || signatureSize === 64) && (await recoversTo(hash, binding.signature, binding.account))) {
    return { valid: true, by: "ecrecover" };
  }
  // A smart account's check (ERC-1271, ERC-6492) lives in its own module, loaded on first use: see there.
  const { checkContractSignature } = await import("./checkContractSignature.ts");
  return checkContractSignature(publicClient, binding, hash);
}

/**
 * True when `binding` is validly signed for this deployment and unexpired (see `checkKeyBinding` for the reasons and
 * the rules). An RPC failure throws `KeyBindingVerificationError`; it never reads as false.
 *
 * @example
 * if (!(await verifyKeyBinding(publicClient, binding, { chainId, contract }))) throw new Error("not authorised");
 */
export async function verifyKeyBinding(
  publicClient: Client<Transport, Chain | undefined>,
  binding: KeyBinding,
  options: CheckKeyBindingOptions,
): Promise<boolean> {
  return (await checkKeyBinding(publicClient, binding, options)).valid;
}

/**
 * Whether `binding` verifies with no request at all (an ECDSA signature that recovers to its account: EOAs, EIP-7702
 * accounts). When false, `checkKeyBinding` asks the RPC (eth_getCode, eth_call) about the account: the client then
 * hides the check among decoys (client/DecoyPool.ts, issue 18).
 *
 * @example
 * if (!(await verifiesLocally(binding))) console.log("checking this binding tells the RPC which account we look at");
 */
export async function verifiesLocally(binding: KeyBinding): Promise<boolean> {
  const signatureSize = size(binding.signature);
  return (signatureSize === 65 || signatureSize === 64) && recoversTo(hashTypedData(keyBindingTypedData(binding)), binding.signature, binding.account);
}

/**
 * Local ecrecover of a 65-byte `r || s || v` or 64-byte EIP-2098 `r || yParity·2^255 + s` signature, as the EVM's
 * ecrecover: a high s recovers too. @noble/secp256k1 (loaded on first use) rather than viem's recoverAddress, whose
 * @noble/curves 1.x secp256k1 would put a second, larger copy of the curve code into every browser bundle.
 */
async function recoversTo(hash: Hex, signature: Hex, account: Address): Promise<boolean> {
  try {
    const bytes = hexToBytes(signature);
    // noble's "recovered" form: recovery bit, then r and s.
    const recovered = new Uint8Array(65);
    recovered.set(bytes.subarray(0, 64), 1);
    if (bytes.length === 65) {
      const v = bytes[64]!;
      recovered[0] = v >= 27 ? v - 27 : v;
    } else {
      recovered[0] = bytes[32]! >> 7;
      recovered[33] = bytes[32]! & 0x7f;
    }
    const { recoverPublicKey } = await import("@noble/secp256k1");
    const uncompressed = recoverPublicKey(recovered, hexToBytes(hash), { prehash: false, isCompressed: false });
    return isAddressEqual(getAddress(slice(keccak256(uncompressed.subarray(1)), 12)), account);
  } catch {
    // Not a well-formed ECDSA signature (r or s out of range, bad v): a smart account's bytes, or junk.
    return false;
  }
}
