import {
  encodeDeployData,
  encodeFunctionData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  isErc6492Signature,
  numberToHex,
  type Chain,
  type Client,
  type Hex,
  type Transport,
} from "viem";
import { BINDING_VERIFY_GAS } from "../constants.ts";
import { KeyBindingVerificationError } from "../errors/identityErrors.ts";
import { classifyCallFailure } from "./classifyCallFailure.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import type { BindingVerdict } from "./verifyKeyBinding.ts";

/** ERC-1271's `isValidSignature` and its success value. */
const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ type: "bytes4" }],
  },
] as const;
const ERC1271_MAGIC = "0x1626ba7e";

/**
 * The smart-account half of `checkKeyBinding` (see there for the rules), for a binding whose signature did not
 * recover to its account: the account's own ERC-1271 check, or the ERC-6492 universal validator for an account not
 * deployed yet. Its own module, loaded by dynamic import on first use: the validator's bytecode and the ABI encoders
 * (about 2.6 kB gzip) stay out of what a browser loads up front, and a binding signed by an EOA never needs them.
 * An RPC failure throws `KeyBindingVerificationError`.
 *
 * @example
 * const verdict = await checkContractSignature(publicClient, binding, hashTypedData(keyBindingTypedData(binding)));
 */
export async function checkContractSignature(
  publicClient: Client<Transport, Chain | undefined>,
  binding: KeyBinding,
  hash: Hex,
): Promise<BindingVerdict> {
  const request = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new KeyBindingVerificationError({ account: binding.account, cause });
    }
  };
  const counterfactual = isErc6492Signature(binding.signature);
  if (!counterfactual) {
    const code = await request(() => publicClient.request({ method: "eth_getCode", params: [binding.account, "latest"] }));
    if (typeof code !== "string" || code === "0x" || /^0x0*$/.test(code)) return { valid: false, reason: "signature" };
  }

  // Raw eth_calls, not viem's `call` action, to keep its CCIP-read and multicall code out of browser bundles. A
  // deployed account is asked directly (ERC-1271), so running out of our gas surfaces as an error: through the
  // universal validator, an inner call's out-of-gas would be caught and read as "invalid". A counterfactual
  // account needs the ERC-6492 universal validator (the contract viem's verifyHash deploys too), which simulates the
  // factory call, deploying nothing; there an inner out-of-gas does read as invalid (docs/protocol.md says so).
  const call = counterfactual
    ? {
        data: encodeDeployData({ abi: erc6492SignatureValidatorAbi, bytecode: erc6492SignatureValidatorByteCode, args: [binding.account, hash, binding.signature] }),
        gas: numberToHex(BINDING_VERIFY_GAS),
      }
    : {
        to: binding.account,
        data: encodeFunctionData({ abi: erc1271Abi, functionName: "isValidSignature", args: [hash, binding.signature] }),
        gas: numberToHex(BINDING_VERIFY_GAS),
      };
  try {
    const result = await publicClient.request({ method: "eth_call", params: [call, "latest"] });
    // The validator returns one byte: 0x01 valid, 0x00 not; ERC-1271 returns its magic value left-aligned in a word.
    const valid =
      typeof result === "string" &&
      (counterfactual ? result !== "0x" && BigInt(result) === 1n : result.slice(0, 10).toLowerCase() === ERC1271_MAGIC && result.length === 66);
    return valid ? { valid: true, by: "contract" } : { valid: false, reason: "signature" };
  } catch (cause) {
    const failure = classifyCallFailure(cause);
    if (failure === "reverted") return { valid: false, reason: "signature" };
    if (failure === "out-of-gas") return { valid: false, reason: "unverifiable" };
    throw new KeyBindingVerificationError({ account: binding.account, cause });
  }
}
