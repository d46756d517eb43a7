import { createPublicClient, createWalletClient, custom, defineChain, type Account, type Address, type Chain, type EIP1193RequestFn, type Transport, type WalletClient } from "viem";
import { hushlogAddress } from "../chain/hushlogAddress.ts";
import { createHushlogClient, type CreateHushlogClientParameters } from "../client/createHushlogClient.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import { createKeyBinding } from "../identity/createKeyBinding.ts";
import { findCurrentBinding } from "../identity/findCurrentBinding.ts";
import { deriveIdentity } from "../identity/deriveIdentity.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { createMemoryStore } from "../store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";

/** One of the network's named accounts as a Hushlog user: its identity, binding, store and running client. */
export type HushlogTestAccount = {
  address: Address;
  walletClient: WalletClient<Transport, Chain, Account>;
  identity: Identity;
  binding: KeyBinding;
  store: HushlogStore;
  client: HushlogClient;
};

export type HushlogAccountsOptions = {
  /** How many of the named accounts, from the first: at least 2 (default 4: enough parties, cheap to derive). */
  count?: number;
  /** Publish prekey bundles (default false: first contacts stay interactive handshakes, one transaction each). */
  publishPrekeys?: boolean;
  /** Anything else for every client (confirmations default 1: an automined block confirms). */
  client?: Partial<Omit<CreateHushlogClientParameters, "publicClient" | "walletClient" | "identity" | "binding" | "store">>;
};

/**
 * Hushlog users for a Hardhat network's named (unlocked) accounts: each identity derived from its account's
 * signature and its key binding signed for the canonical contract, exactly as a wallet in a dapp does, with a
 * memory store and a client on the connection. Pass a connection from `network.create()` (the plugin has put the
 * contract there) or anything with an EIP-1193 `provider`.
 *
 * @example
 * const [alice, bob] = await hushlogAccounts(await network.create());
 */
export async function hushlogAccounts(
  connection: { provider: unknown },
  options: HushlogAccountsOptions = {},
): Promise<[HushlogTestAccount, HushlogTestAccount, ...HushlogTestAccount[]]> {
  const provider = connection.provider as { request: EIP1193RequestFn };
  const transport = custom(provider);
  const chainId = Number(await provider.request({ method: "eth_chainId" } as never));
  const chain = defineChain({ id: chainId, name: "Hardhat", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 20 });
  const addresses = ((await provider.request({ method: "eth_accounts" } as never)) as Address[]).slice(0, options.count ?? 4);
  // A conversation takes two: the tuple type lets a test destructure [alice, bob] without checks.
  if (addresses.length < 2) throw new RangeError(`hushlogAccounts needs at least 2 named accounts, the network has ${addresses.length} (or count < 2)`);
  const accounts = await Promise.all(
    addresses.map(async (address) => {
      const walletClient = createWalletClient({ account: address, chain, transport, pollingInterval: 20 }) as WalletClient<Transport, Chain, Account>;
      const identity = await deriveIdentity({ account: address, signMessage: ({ message }) => walletClient.signMessage({ message }) });
      const contract = options.client?.contract ?? hushlogAddress;
      // A simulated network starts with no bindings, but a test may have published some: number ours after them.
      const { nextSequence } = await findCurrentBinding(publicClient, { account: address, chainId, contract, fromBlock: 0n });
      const binding = await createKeyBinding(identity, {
        signTypedData: (typedData) => walletClient.signTypedData(typedData),
        chainId,
        contract,
        sequence: nextSequence,
      });
      const store = await createMemoryStore({ account: address });
      const client = createHushlogClient({
        publicClient,
        walletClient,
        identity,
        binding,
        store,
        confirmations: 1,
        publishPrekeys: options.publishPrekeys ?? false,
        pollingInterval: 20,
        ...options.client,
      });
      return { address, walletClient, identity, binding, store, client };
    }),
  );
  return accounts as [HushlogTestAccount, HushlogTestAccount, ...HushlogTestAccount[]];
}
