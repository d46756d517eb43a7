import { getAddress } from "viem";
import { createEip5792Executor } from "./createEip5792Executor.ts";
import { createEoaExecutor, type ExecutorParameters } from "./createEoaExecutor.ts";
import { detectExecutorKind } from "./detectExecutorKind.ts";
import type { Executor, ExecutorKind } from "./Executor.ts";

/**
 * The executor for this wallet: `eip5792` when the wallet reports atomic batching on the contract's chain,
 * else `eoa` (see detectExecutorKind; the probe is cached per wallet client, account and chain). Pass `kind`
 * to skip the probe.
 */
export async function createExecutor(parameters: ExecutorParameters & { kind?: ExecutorKind | "auto" }): Promise<Executor> {
  const account = parameters.account ?? parameters.walletClient.account;
  if (!account) throw new TypeError("createExecutor needs an account (on the wallet client or as `account`)");
  const address = getAddress(typeof account === "string" ? account : account.address);
  const kind =
    parameters.kind && parameters.kind !== "auto"
      ? parameters.kind
      : await detectExecutorKind(parameters.walletClient, { account: address, chainId: parameters.contract.chainId });
  return kind === "eip5792" ? createEip5792Executor(parameters) : createEoaExecutor(parameters);
}
