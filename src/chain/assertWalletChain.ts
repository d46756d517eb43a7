import type { Client } from "viem";
import { getChainId } from "viem/actions";
import { WrongChainError } from "../errors/chainErrors.ts";

/**
 * Throws WrongChainError unless the wallet is on `chainId` right now. Asked before every send: a browser
 * wallet can switch chains at any time, and a transaction signed for the wrong chain would post the
 * ciphertext where the peer never looks (or fail after a confusing wallet prompt).
 */
export async function assertWalletChain(walletClient: Client, chainId: number): Promise<void> {
  const actual = await getChainId(walletClient);
  if (actual !== chainId) throw new WrongChainError({ expected: chainId, actual });
}
