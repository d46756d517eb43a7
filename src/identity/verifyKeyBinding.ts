import { hashTypedData, isAddressEqual, type Address, type Chain, type Client, type Transport } from "viem";
import { verifyHash } from "viem/actions";
import { ClientChainMismatchError, KeyBindingVerificationError } from "../errors/identityErrors.ts";
import { assertKeyBindingShape } from "./assertKeyBindingShape.ts";
import { isExecutionFailure } from "./isExecutionFailure.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingTypedData } from "./keyBindingTypedData.ts";

/**
 * True when `binding` was signed by its account for this chain and contract. `chainId` and `contract` are where
 * the binding was found (the log's chain and address), so a binding made for another deployment gives false.
 *
 * Uses viem's universal verification: ecrecover first (a valid EOA binding needs no RPC at all), then the
 * ERC-6492 validator through `eth_call`, which covers deployed smart accounts (ERC-1271) and counterfactual ones
 * (ERC-6492 wrapper: the factory call is simulated, nothing is deployed).
 *
 * viem answers `false` for ANY failed `eth_call`, including an unreachable or rate-limiting RPC. That would turn
 * an outage into "forged binding", so the client's requests are observed here: when verification fails and a
 * request failed for a reason other than the EVM executing the call and failing, `KeyBindingVerificationError`
 * (retryable, with the RPC error as cause) is thrown instead of false.
 *
 * Throws `InvalidKeyBindingError` for a malformed binding and `ClientChainMismatchError` when the client is
 * known to be on another chain (its state would answer for the wrong chain).
 */
export async function verifyKeyBinding(
  publicClient: Client<Transport, Chain | undefined>,
  binding: KeyBinding,
  { chainId, contract }: { chainId: number; contract: Address },
): Promise<boolean> {
  assertKeyBindingShape(binding);
  if (binding.chainId !== chainId || !isAddressEqual(binding.contract, contract)) return false;
  const clientChainId = publicClient.chain?.id;
  if (clientChainId !== undefined && clientChainId !== chainId) throw new ClientChainMismatchError({ clientChainId, chainId });

  const rpcFailures: unknown[] = [];
  // Typed loosely on purpose: the wrapper forwards any request unchanged, whatever the client's RPC schema.
  const forward = publicClient.request as (args: unknown, options?: unknown) => Promise<unknown>;
  const request = (async (args: unknown, options?: unknown) => {
    try {
      return await forward(args, options);
    } catch (error) {
      if (!isExecutionFailure(error)) rpcFailures.push(error);
      throw error;
    }
  }) as typeof publicClient.request;
  // A copy of the client whose requests are observed; viem's own actions spread clients the same way.
  const observed = { ...publicClient, request };

  let valid: boolean;
  try {
    valid = await verifyHash(observed, {
      address: binding.account,
      hash: hashTypedData(keyBindingTypedData(binding)),
      signature: binding.signature,
      mode: "eoa",
    });
  } catch (cause) {
    throw new KeyBindingVerificationError({ account: binding.account, cause });
  }
  if (!valid && rpcFailures.length > 0) {
    throw new KeyBindingVerificationError({ account: binding.account, cause: rpcFailures[0] });
  }
  return valid;
}
