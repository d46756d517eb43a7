import type { Address } from "viem";

export type TestWalletOptions = {
  rpcUrl: string;
  account: Address;
  /** The chain the wallet starts on (default: the node's); `wallet_switchEthereumChain` moves it to the node's. */
  chainId?: number;
};

/** What the test asks of the wallet in the page (as a person would click in a wallet's pop-up). */
export type TestWalletControl = {
  /** The next transaction request is declined, as when the person clicks "Reject" in their wallet. */
  rejectNextTransaction: () => void;
  /** The next signature request is declined. */
  rejectNextSignature: () => void;
  /**
   * How many times the wallet asked its user, by method (`eth_requestAccounts`, `wallet_switchEthereumChain`,
   * `personal_sign`, `eth_signTypedData_v4`, `eth_sendTransaction`): every request a real wallet may show as a
   * pop-up, declined ones included (`wallet_sendCalls` is refused as unsupported, so it never prompts).
   */
  prompts: () => Record<string, number>;
};

/**
 * An injected EIP-1193 wallet for one of the local node's unlocked accounts, installed as `window.ethereum` before
 * the app loads (`context.addInitScript(installTestWallet, options)`). It answers account and chain requests itself
 * and forwards everything else to the node, which signs and sends for its unlocked accounts; it supports neither
 * EIP-5792 batches nor permissions, like many wallets. This function runs in the page: it must stay self-contained.
 */
export function installTestWallet({ rpcUrl, account, chainId }: TestWalletOptions): void {
  const reject = { transaction: false, signature: false };
  const prompts: Record<string, number> = {};
  const prompted = (method: string) => void (prompts[method] = (prompts[method] ?? 0) + 1);
  let nextId = 0;
  let walletChain: number | undefined = chainId;
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const rpcError = (code: number, message: string) => Object.assign(new Error(message), { code });
  const node = async (method: string, params: unknown) => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++nextId, method, params: params ?? [] }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (body.error) throw Object.assign(rpcError(body.error.code, body.error.message), { data: body.error.data });
    return body.result;
  };
  const nodeChain = async () => Number(await node("eth_chainId", []));
  const emit = (event: string, value: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(value);
  };
  const provider = {
    async request({ method, params }: { method: string; params?: unknown }) {
      switch (method) {
        case "eth_requestAccounts":
          prompted(method);
          return [account];
        case "eth_accounts":
          return [account];
        case "eth_chainId":
          return `0x${(walletChain ?? (await nodeChain())).toString(16)}`;
        case "wallet_switchEthereumChain": {
          prompted(method);
          const wanted = Number((params as [{ chainId: string }])[0].chainId);
          if (wanted !== (await nodeChain())) throw rpcError(4902, "Unrecognized chain ID.");
          walletChain = wanted;
          emit("chainChanged", `0x${wanted.toString(16)}`);
          return null;
        }
        case "wallet_requestPermissions":
        case "wallet_revokePermissions":
        case "wallet_getCapabilities":
        case "wallet_sendCalls":
          throw rpcError(4200, `${method} is not supported`);
        case "personal_sign":
        case "eth_signTypedData_v4":
          prompted(method);
          if (reject.signature) {
            reject.signature = false;
            throw rpcError(4001, "User rejected the request.");
          }
          return node(method, params);
        case "eth_sendTransaction":
          prompted(method);
          if (reject.transaction) {
            reject.transaction = false;
            throw rpcError(4001, "User rejected the request.");
          }
          return node(method, params);
        default:
          return node(method, params);
      }
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return provider;
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  const control: TestWalletControl = {
    rejectNextTransaction: () => void (reject.transaction = true),
    rejectNextSignature: () => void (reject.signature = true),
    prompts: () => ({ ...prompts }),
  };
  Object.assign(window, { ethereum: provider, hushlogTestWallet: control });
}
