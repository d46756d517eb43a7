import {
  decodeFunctionResult,
  encodeFunctionData,
  type Address,
  type Client,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type Hex,
} from "viem";
import { ensAbi } from "./ensAbi.ts";

type EnsAbi = typeof ensAbi;
type EnsFunction = ContractFunctionName<EnsAbi, "view">;

/**
 * One ENS view call: its decoded answer, or null when the contract has none (no code at the address, a revert such as
 * a resolver without that function, an empty or undecodable answer). An RPC failure throws, so the lookup reports
 * `failed` rather than "no name". A raw `eth_call` rather than viem's readContract, whose `call` action brings
 * CCIP-read, deployless calls and multicall into the app (about 10 kB gzip) for lookups that use none of them.
 *
 * @example
 * const resolver = await callEns(client, registry, "resolver", [namehash("alice.eth")]);
 */
export async function callEns<F extends EnsFunction>(
  client: Client,
  address: Address,
  functionName: F,
  args: ContractFunctionArgs<EnsAbi, "view", F>,
): Promise<ContractFunctionReturnType<EnsAbi, "view", F> | null> {
  const data = encodeFunctionData({ abi: ensAbi, functionName, args } as never);
  let result: Hex;
  try {
    result = (await client.request({ method: "eth_call", params: [{ to: address, data }, "latest"] })) as Hex;
  } catch (error) {
    if (isExecutionReverted(error)) return null;
    throw error;
  }
  if (result === "0x") return null;
  try {
    return decodeFunctionResult({ abi: ensAbi, functionName, data: result } as never) as ContractFunctionReturnType<EnsAbi, "view", F>;
  } catch {
    return null;
  }
}

/**
 * The node ran the call and it reverted: JSON-RPC code 3, or a generic code whose message says so (Hardhat and some
 * providers), anywhere along viem's cause chain.
 */
function isExecutionReverted(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { code, details, message, cause } = current as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown };
    if (code === 3) return true;
    if ([details, message].some((text) => typeof text === "string" && /execution reverted|revert/i.test(text))) return true;
    current = cause;
  }
  return false;
}
