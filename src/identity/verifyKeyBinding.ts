import {
  encodeDeployData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  hashTypedData,
  isAddressEqual,
  type Address,
  type Chain,
  type Client,
  type Transport,
} from "viem";
import { ClientChainMismatchError, KeyBindingVerificationError } from "../errors/identityErrors.ts";
import { assertKeyBindingShape } from "./assertKeyBindingShape.ts";
import { isExecutionFailure } from "./isExecutionFailure.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingTypedData } from "./keyBindingTypedData.ts";

/**
 * True when `binding` was signed by its account for this chain and contract. `chainId` and `contract` are where
 * the binding was found (the log's chain and address), so a binding made for another deployment gives false.
 *
 * Universal verification in one `eth_call`: EOAs (ecrecover), deployed smart accounts (ERC-1271) and
 * counterfactual ones (ERC-6492 wrapper: the factory call is simulated, nothing is deployed). An RPC failure
 * (unreachable, rate limited) throws `KeyBindingVerificationError` (retryable, with the RPC error as cause): an
 * outage never reads as a forged binding.
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

  // One deployless eth_call of the ERC-6492 universal validator (the contract viem's verifyHash deploys too). It
  // checks, in the EVM: an ERC-6492 wrapper (simulating the factory call, deploying nothing), ERC-1271 on a deployed
  // account, else ecrecover for an EOA. Calling it directly rather than through verifyHash keeps secp256k1, key
  // derivation and mnemonic code out of browser bundles, and an RPC failure throws instead of reading as "forged".
  const data = encodeDeployData({
    abi: erc6492SignatureValidatorAbi,
    bytecode: erc6492SignatureValidatorByteCode,
    args: [binding.account, hashTypedData(keyBindingTypedData(binding)), binding.signature],
  });
  let valid: boolean;
  try {
    // A raw eth_call: viem's `call` action would add its CCIP-read, multicall-batching and deployless-call code to
    // every browser bundle (about 8 kB gzip) for a request that needs none of them.
    const result = await publicClient.request({ method: "eth_call", params: [{ data }, "latest"] });
    // The validator returns one byte: 0x01 valid, 0x00 not.
    valid = typeof result === "string" && result !== "0x" && BigInt(result) === 1n;
  } catch (cause) {
    // The validator reverting (a malformed signature, a factory call that fails) is an answer: not valid.
    if (isExecutionFailure(cause)) return false;
    throw new KeyBindingVerificationError({ account: binding.account, cause });
  }
  return valid;
}
