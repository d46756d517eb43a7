import { hexToBigInt, type Hex } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";

/** What a sending-key transaction offers to pay: EIP-1559 fees when the chain has a base fee, else a gas price. */
export type SendingKeyFees = { type: "eip1559"; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: "legacy"; gasPrice: bigint };

/**
 * The fees a sending-key transaction offers now, the rule viem uses for a local account: a tip from
 * `eth_maxPriorityFeePerGas` (geth, anvil, Hardhat and the hosted RPCs answer it) and a max fee of 1.2 x the latest
 * base fee plus the tip, so a transaction survives a few rising blocks. The node checks the balance against
 * gas x max fee, which is also what `useSendingKey` divides the balance by.
 *
 * @example
 * const fees = await sendingKeyFees(publicClient);
 * const perGas = fees.type === "eip1559" ? fees.maxFeePerGas : fees.gasPrice;
 */
export async function sendingKeyFees(publicClient: ReadClient): Promise<SendingKeyFees> {
  const block = (await publicClient.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { baseFeePerGas?: Hex | null } | null;
  if (!block?.baseFeePerGas) return { type: "legacy", gasPrice: hexToBigInt((await publicClient.request({ method: "eth_gasPrice" })) as Hex) };
  const tip = hexToBigInt((await publicClient.request({ method: "eth_maxPriorityFeePerGas" })) as Hex);
  return { type: "eip1559", maxFeePerGas: (hexToBigInt(block.baseFeePerGas) * 12n) / 10n + tip, maxPriorityFeePerGas: tip };
}
