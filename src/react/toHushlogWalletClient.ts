import type { Account, Address, Chain, Client, Hex, Transport, WalletClient } from "viem";
import { numberToHex } from "viem";
import { signMessage, signTypedData } from "viem/actions";

/**
 * The wallet client Hushlog needs, made from wagmi's bare connector client: the three wallet methods the library
 * calls (`sendTransaction` in the EOA executor and for a sending key's top-up, `signMessage` and `signTypedData` in the wallet signer; the EIP-5792
 * executor uses `request`) and nothing else.
 *
 * Why not wagmi's `useWalletClient()`: it extends the client with every wallet action of viem, and a dapp that uses
 * no other shipped them all because of Hushlog: transaction preparation, serializers, `sendTransactionSync`, the
 * EIP-5792 calls, and through the EIP-7702 authorization check a second secp256k1 (27 kB gzip of the app's 262 kB,
 * measured with test/packaging/appBundle.test.ts). The send is the wallet's own `eth_sendTransaction` with the
 * account, the contract, the calldata and the chain id: the wallet fills gas, fees and nonce, as viem's
 * `sendTransaction` lets it for a JSON-RPC account, and the transport never retries it; the executor checks the
 * wallet's chain before it sends, and maps the wallet's errors itself (chain/toSubmissionError.ts walks their causes).
 *
 * @example
 * const { data: connectorClient } = useConnectorClient();
 * const walletClient = connectorClient && toHushlogWalletClient(connectorClient);
 */
export function toHushlogWalletClient(client: Client<Transport, Chain | undefined, Account>): WalletClient<Transport, Chain | undefined, Account> {
  const wallet = {
    ...client,
    sendTransaction: ({ account, chain, to, data, value }: { account?: Account | Address; chain?: Chain | null; to: Address; data?: Hex; value?: bigint }) => {
      const from = account ?? client.account;
      // As viem does for a JSON-RPC account: the chain id in the request (the wallet refuses a mismatch) and no
      // transport retry, which could submit, or prompt for, the same transaction twice.
      // `value`: the one plain transfer Hushlog asks for, topping up this browser's sending key.
      const request = {
        from: typeof from === "string" ? from : from.address,
        to,
        ...(data ? { data } : {}),
        ...(value ? { value: numberToHex(value) } : {}),
        ...(chain ? { chainId: numberToHex(chain.id) } : {}),
      };
      return client.request({ method: "eth_sendTransaction", params: [request] }, { retryCount: 0 });
    },
    signMessage: (args: Parameters<typeof signMessage>[1]) => signMessage(client, args),
    signTypedData: (args: Parameters<typeof signTypedData>[1]) => signTypedData(client, args),
  };
  // Typed as viem's WalletClient for the library's options; only the methods above are ever called on it.
  return wallet as unknown as WalletClient<Transport, Chain | undefined, Account>;
}
