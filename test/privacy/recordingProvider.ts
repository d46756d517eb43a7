import type { EIP1193RequestFn } from "viem";

/** One JSON-RPC request as the provider receives it: what a curious RPC operator keeps in its logs. */
export type RpcRecord = { seq: number; method: string; params: unknown };

type Provider = { request: EIP1193RequestFn };

/**
 * An EIP-1193 provider in front of the chain that records every request (method and parameters, in order) before
 * forwarding it unchanged. One per user: the RPC sees each user's connection separately, and the users' wallets
 * send through it too (eth_sendTransaction), so the RPC also knows which account each connection belongs to.
 */
export function recordingProvider(chain: Provider, log: RpcRecord[]): Provider {
  return {
    request: (async (args: { method: string; params?: unknown }) => {
      log.push({ seq: log.length, method: args.method, params: structuredClone(args.params) });
      return chain.request(args as never);
    }) as EIP1193RequestFn,
  };
}
