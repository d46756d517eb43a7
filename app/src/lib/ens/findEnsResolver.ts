import { createClient, http, type Address, type Client } from "viem";
import { getCode } from "viem/actions";
import { createEnsResolver } from "./createEnsResolver.ts";
import { ensRegistryAddress } from "./ensRegistryAddress.ts";
import type { EnsResolver } from "./EnsResolver.ts";

export type FindEnsOptions = {
  /** The client of the chain in use (its RPC already sees what the app reads). */
  chainClient: Client;
  /** Where the chain in use has its ENS registry (the settings; default the mainnet address). */
  registry: Address;
  /** A mainnet RPC for names when the chain in use has no ENS: null (the default) asks no one else. */
  mainnetRpcUrl: string | null;
  onFailure?: (address: Address, error: unknown) => void;
};

/**
 * Where the app looks names up: the chain in use when it has an ENS registry (code at the configured address; one
 * eth_getCode at start), else the configured mainnet RPC (off by default: each lookup tells that RPC which addresses
 * you look at), else nowhere (null: addresses and nicknames only).
 */
export async function findEnsResolver({ chainClient, registry, mainnetRpcUrl, onFailure }: FindEnsOptions): Promise<EnsResolver | null> {
  const code = await getCode(chainClient, { address: registry }).catch(() => undefined);
  if (code && code !== "0x") return createEnsResolver({ client: chainClient, registry, source: "chain", onFailure });
  if (!mainnetRpcUrl) return null;
  // JSON-RPC batching: the forward addr and avatar calls of a lookup, and the lookups a list starts together, go in one HTTP request.
  const client = createClient({ transport: http(mainnetRpcUrl, { batch: true }) });
  return createEnsResolver({ client, registry: ensRegistryAddress, source: "mainnet", onFailure });
}
