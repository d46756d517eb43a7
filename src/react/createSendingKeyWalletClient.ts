import { concat, hexToBigInt, hexToNumber, keccak256, numberToHex, type Address, type Hex, type WalletClient } from "viem";
import type { ReadClient } from "../chain/ReadClient.ts";
import { toSubmissionError } from "../chain/toSubmissionError.ts";
import { InsufficientFundsError } from "../errors/chainErrors.ts";
import { SendingKeyFundsError } from "../errors/reactErrors.ts";
import type { SendingKey } from "./createSendingKey.ts";
import { encodeRlp, type RlpItem } from "./encodeRlp.ts";
import { sendingKeyFees } from "./sendingKeyFees.ts";

/**
 * The wallet client the provider's client sends with once this browser's sending key holds funds: the nonce, gas and
 * fees come from the node, the transaction is signed here and broadcast with `eth_sendRawTransaction` over the app's
 * public transport, so no wallet is involved. It offers exactly what the library calls on a wallet client (`account`,
 * `chain`, `request`, `sendTransaction`); the chain executor, the client executor and pending tracking are the same
 * as for a wallet. Written on a small RLP encoder rather than viem's `sendTransaction`, whose transaction preparation
 * and serializers for every transaction type a wagmi app does not otherwise ship (about 25 kB gzip).
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
    const body: RlpItem[] =
      fees.type === "eip1559"
        ? [q(chainId), q(nonce), q(fees.maxPriorityFeePerGas), q(fees.maxFeePerGas), q(gas), to, q(value), data, []]
        : [q(nonce), q(fees.gasPrice), q(gas), to, q(value), data];
    // EIP-1559 (type 2): 0x02 || rlp(fields, yParity, r, s); legacy with EIP-155: rlp(fields, v, r, s).
    const unsigned = fees.type === "eip1559" ? concat(["0x02", encodeRlp(body)]) : encodeRlp([...body, q(chainId), "0x", "0x"]);
    const { r, s, yParity } = await key.signHash(keccak256(unsigned));
    const signature = [q(hexToBigInt(r)), q(hexToBigInt(s))];
    const raw =
      fees.type === "eip1559"
        ? concat(["0x02", encodeRlp([...body, q(yParity), ...signature])])
        : encodeRlp([...body, q(BigInt(chainId) * 2n + 35n + BigInt(yParity)), ...signature]);
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

/** A quantity as RLP wants it: minimal big-endian hex, zero as the empty string. */
function q(value: number | bigint): Hex {
  return BigInt(value) === 0n ? "0x" : numberToHex(value);
}
