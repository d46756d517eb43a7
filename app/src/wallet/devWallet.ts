import { getAddress, http, MethodNotSupportedRpcError, SwitchChainError, type Address, type EIP1193RequestFn } from "viem";
import { createConnector } from "wagmi";

export const devWalletType = "hushlogDev";
/** The one dev account connected in this browser (wagmi reconnects it after a reload, and only it). */
const connectedKey = "hushlogDev.account";

/**
 * A wagmi connector for one of the local node's unlocked accounts: the node itself signs (`personal_sign`,
 * `eth_signTypedData_v4`) and sends (`eth_sendTransaction`) for them, so two people, tabs or browser profiles can
 * chat on a local chain without a browser wallet. Local chain only: on any other chain nobody would sign for you.
 */
export function devWallet({ account, index, rpcUrl, chainId }: { account: Address; index: number; rpcUrl: string; chainId: number }) {
  const address = getAddress(account);
  const node = http(rpcUrl, { retryCount: 0 })({}).request as EIP1193RequestFn;
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return [address];
      case "eth_chainId":
        return `0x${chainId.toString(16)}`;
      case "wallet_switchEthereumChain": {
        const [{ chainId: wanted }] = params as [{ chainId: string }];
        if (Number(wanted) !== chainId) throw new SwitchChainError(new Error(`the local node runs chain ${chainId} only`));
        return null;
      }
      // No EIP-5792 batching and no permissions: Hushlog then sends one plain transaction per call.
      case "wallet_getCapabilities":
      case "wallet_sendCalls":
      case "wallet_getCallsStatus":
      case "wallet_requestPermissions":
      case "wallet_revokePermissions":
        throw new MethodNotSupportedRpcError(new Error(`${method} is not supported by the developer wallet`));
      default:
        return node({ method, params } as never);
    }
  }) as EIP1193RequestFn;
  const provider = { request, on: () => {}, removeListener: () => {} };

  return createConnector<typeof provider>((config) => ({
    id: `${devWalletType}${index}`,
    name: `Local account #${index}`,
    type: devWalletType,
    async connect(parameters) {
      await config.storage?.setItem(connectedKey as never, address as never);
      const accounts = parameters?.withCapabilities ? [{ address, capabilities: {} }] : [address];
      return { accounts: accounts as never, chainId };
    },
    async disconnect() {
      if ((await config.storage?.getItem(connectedKey as never)) === address) await config.storage?.removeItem(connectedKey as never);
    },
    getAccounts: async () => [address],
    getChainId: async () => chainId,
    getProvider: async () => provider,
    isAuthorized: async () => (await config.storage?.getItem(connectedKey as never)) === address,
    onAccountsChanged() {},
    onChainChanged() {},
    onDisconnect() {
      config.emitter.emit("disconnect");
    },
  }));
}
