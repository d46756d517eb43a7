import type { Chain, Client, Transport } from "viem";

/**
 * Any viem client Hushlog can read the chain with: a `PublicClient`, or the bare client wagmi's `useClient()`
 * gives. Hushlog calls viem's tree-shakeable actions on it (`getBlock(client, ...)`, never `client.getBlock`), so
 * it needs no action methods: a wagmi app that would otherwise add `usePublicClient` for Hushlog ships every public
 * action of viem (about 40 kB gzip).
 */
export type ReadClient = Client<Transport, Chain | undefined>;
