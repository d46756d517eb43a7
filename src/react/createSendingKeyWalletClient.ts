import { hexToBigInt, hexToNumber, keccak256, numberToHex, serializeTransaction, type Address, type Hex, type TransactionSerializable, type WalletClient } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";
import { toSubmissionError } from "../chain/toSubmissionError.ts";
import { InsufficientFundsError } from "../errors/chainErrors.ts";
import { SendingKeyFundsError } from "../errors/reactErrors.ts";
import type { SendingKey } from "./createSendingKey.ts";
import { sendingKeyFees } from "./sendingKeyFees.ts";

/**
 * The wallet client the provider's client sends with once this browser's sending key holds funds: the nonce, gas and
 * fees come from the node, the transaction is signed here and broadcast with `eth_sendRawTransaction` over the app's
 * public transport, so no wallet is involved. It offers exactly what the library calls on a wallet client (`account`,
 * `chain`, `request`, `sendTransaction`); the chain executor, the client executor and pending tracking are the same
 * as for a wallet. Built on viem's `serializeTransaction` rather than its `sendTransaction`, whose transaction
 * preparation a wagmi app does not otherwise ship; this module is loaded (import()) only once a key holds funds.
 *
 * One send at a time: each takes the node's pending nonce, which counts the previous broadcast only once it is made.
 * A wallet numbers concurrent requests itself; two local sends started together would take the same nonce, and the
 * second would be refused. A send the key cannot pay for throws `SendingKeyFundsError` (the pending entry keeps its
 * text: "not enough funds in this browser's sending key"), retried with the same bytes after a top-up.
 *
 * @example
 * const walletClient = createSendingKeyWalletClient(sendingKey, publicClient, chainId);
 * createHushlogClient({ publicClient, walletClient, executor: "eoa", identity, binding, store });
 */
export function createSendingKeyWalletClient(key: SendingKey, publicClient: ReadClient, chainId: number): WalletClient {
  const request = publicClient.request;
  const from = key.address;
  let queue: Promise<unknown> = Promise.resolve();

  const send = async ({ to, data = "0x", value = 0n }: { to: Address; data?: Hex; value?: bigint }): Promise<Hex> => {
    const call = { from, to, data, value: numberToHex(value) };
    const [nonce, gas, fees] = await Promise.all([
      request({ method: "eth_getTransactionCount", params: [from, "pending"] }).then((n) => hexToNumber(n as Hex)),
      request({ method: "eth_estimateGas", params: [call] }).then((g) => hexToBigInt(g as Hex)),
      sendingKeyFees(publicClient),
    ]);
    const transaction: TransactionSerializable =
      fees.type === "eip1559"
        ? { type: "eip1559", chainId, nonce, gas, to, value, data, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }
        : { type: "legacy", chainId, nonce, gas, to, value, data, gasPrice: fees.gasPrice };
    // viem's serializer (EIP-1559, or legacy with EIP-155's chain id): the hash of the unsigned form is what is signed.
    const { r, s, yParity } = await key.signHash(keccak256(serializeTransaction(transaction)));
    const raw = serializeTransaction(transaction, { r, s, yParity, v: 27n + BigInt(yParity) });
    return (await request({ method: "eth_sendRawTransaction", params: [raw] }, { retryCount: 0 })) as Hex;
  };

  const sendTransaction = (args: { to: Address; data?: Hex; value?: bigint }) => {
    const sent = queue.then(async () => {
      try {
        return await send(args);
      } catch (error) {
        if (toSubmissionError(error, { account: from, chainId }) instanceof InsufficientFundsError) {
          throw new SendingKeyFundsError({ address: from, cause: error });
        }
        throw error;
      }
    });
    queue = sent.catch(() => {});
    return sent;
  };

  const client = {
    ...publicClient,
    key: "sendingKey",
    name: "Sending key",
    type: "walletClient",
    uid: `sending-key-${from}-${publicClient.uid}`,
    account: { address: from, type: "json-rpc" as const },
    sendTransaction,
  };
  // Typed as viem's WalletClient for the library's options; only the members above are ever used.
  return client as unknown as WalletClient;
}
