import { createTestClient, http } from "viem";
import { hardhat } from "viem/chains";

/** Seconds between blocks mined on a timer on the local chain. */
export const LOCAL_BLOCK_INTERVAL_SECONDS = 1;

/**
 * Mines a block every second on the local chain, on top of automining (a block per transaction, which stays on):
 * with blocks only on transactions, a message would wait "included" until somebody else sends something, since
 * confirmations need blocks on top of it. Returns false when the node refuses (then blocks come per transaction).
 */
export async function startIntervalMining(rpcUrl: string): Promise<boolean> {
  const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(rpcUrl) });
  try {
    await testClient.setIntervalMining({ interval: LOCAL_BLOCK_INTERVAL_SECONDS });
    await testClient.setAutomine(true);
    return true;
  } catch {
    return false;
  }
}
