import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { EIP1193RequestFn } from "viem";
import { installCanonicalHushlog } from "./installCanonicalHushlog.ts";

/** hushlog/hardhat's network hooks: every new connection to a Hardhat-simulated network gets the canonical contract. */
export default async (): Promise<Partial<NetworkHooks>> => ({
  async newConnection<ChainTypeT extends ChainType | string>(
    context: HookContext,
    next: (nextContext: HookContext) => Promise<NetworkConnection<ChainTypeT>>,
  ): Promise<NetworkConnection<ChainTypeT>> {
    const connection = await next(context);
    // Only simulated networks: an HTTP network may be a real chain, where deploying is the developer's decision.
    if (connection.networkConfig.type === "edr-simulated") {
      await installCanonicalHushlog(connection.provider as unknown as { request: EIP1193RequestFn });
    }
    return connection;
  },
});
