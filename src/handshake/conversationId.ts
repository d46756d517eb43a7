import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

/**
 * A conversation's local id: the same for both participants and stable across re-handshakes between them
 * (one conversation per pair of accounts per deployment). Never posted on chain.
 */
export function conversationId({ chainId, contract, a, b }: { chainId: number; contract: Address; a: Address; b: Address }): Hex {
  const [low, high] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  return keccak256(
    encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "address" }], [BigInt(chainId), contract, low, high]),
  );
}
