import { createWalletClient, custom, type WalletClient } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";
import { toSubmissionError } from "../chain/toSubmissionError.ts";
import { InsufficientFundsError } from "../errors/chainErrors.ts";
import { SendingKeyFundsError } from "../errors/reactErrors.ts";
import type { SendingKey } from "./createSendingKey.ts";

/**
 * The wallet client the provider's client sends with once this browser's sending key holds funds: viem's own
 * `sendTransaction` for a local account (nonce, gas and fees from the node, signed here, `eth_sendRawTransaction`)
 * over the app's public transport, so no wallet is involved. The chain executor, the client executor and pending
 * tracking are the same as for a wallet: only who signs differs.
 *
 * A send the key cannot pay for throws `SendingKeyFundsError` (the pending entry keeps its text: "not enough funds in
 * this browser's sending key"), retried with the same bytes after a top-up. The provider imports this module only
 * when a funded key is in use, so a dapp that never funds one does not load viem's transaction preparation.
 *
 * @example
 * const walletClient = createSendingKeyWalletClient(sendingKey, publicClient, chainId);
 * createHushlogClient({ publicClient, walletClient, executor: "eoa", identity, binding, store });
 */
export function createSendingKeyWalletClient(key: SendingKey, publicClient: ReadClient, chainId: number): WalletClient {
  const base = createWalletClient({
    account: key.account,
    chain: publicClient.chain,
    // No transport retry for what this client sends: a retried broadcast could race its own copy (issue 21 rule).
    transport: custom({ request: (args) => publicClient.request(args as never) }, { retryCount: 0 }),
    pollingInterval: publicClient.pollingInterval,
  });
  // One send at a time: each takes the node's pending nonce, which counts the previous broadcast only once it is
  // made. A wallet numbers concurrent requests itself; two local sends started together would take the same nonce,
  // and the second would be refused ("nonce too low", "replacement underpriced").
  let queue: Promise<unknown> = Promise.resolve();
  const sendTransaction = ((args: Parameters<typeof base.sendTransaction>[0]) => {
    const send = queue.then(async () => {
      try {
        return await base.sendTransaction(args);
      } catch (error) {
        if (toSubmissionError(error, { account: key.address, chainId }) instanceof InsufficientFundsError) {
          throw new SendingKeyFundsError({ address: key.address, cause: error });
        }
        throw error;
      }
    });
    queue = send.catch(() => {});
    return send;
  }) as typeof base.sendTransaction;
  return { ...base, sendTransaction } as WalletClient;
}
