import { createWalletClient, http, type Account, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { deployHushlog } from "../../deploy.ts";
import { BaseError } from "../../index.ts";
import { dataDir, resolveNetwork } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { CliError, exitCodes, oneLine } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { hasKeySource, walletPrivateKey } from "../secrets.ts";
import { connect } from "../session.ts";

/**
 * `hushlog deploy`: puts Hushlog at its canonical address on the RPC's chain (the CREATE2 factory first, where
 * missing), or finds it there and sends nothing; `--private` deploys a new instance at a plain CREATE address.
 * Pays from the given key, else from the node's first unlocked account (hardhat node, anvil).
 */
export async function deploy({ flags, env, io, json }: CommandContext): Promise<void> {
  const network = resolveNetwork(flags, env, dataDir(flags, env));
  const connected = await connect(network, { checkContract: false });
  const account: Account | Address = hasKeySource(flags, env) ? privateKeyToAccount(await walletPrivateKey(flags, env)) : await unlockedAccount(connected.rpc);
  const walletClient = createWalletClient({ account, chain: connected.chain, transport: http(connected.rpc) });
  let deployment;
  try {
    deployment = await deployHushlog(walletClient, connected.publicClient, { mode: flags.private ? "private" : "canonical" });
  } catch (error) {
    const message = error instanceof BaseError ? error.shortMessage : (error as Error).message;
    throw new CliError(exitCodes.network, `deploying on chain ${connected.chainId} failed: ${oneLine(message)}`);
  }
  const created = deployment.transactionHash !== null;
  if (json) {
    io.out(jsonLine({ type: "deploy", ...deployment, created }));
    return;
  }
  io.out(created ? `Deployed Hushlog at ${deployment.address}` : `Hushlog is already at ${deployment.address}`);
  io.out(`  chain     ${deployment.chainId} (${connected.rpc})`);
  io.out(`  block     ${deployment.deployBlock}${created ? `, transaction ${deployment.transactionHash}` : ""}`);
}

async function unlockedAccount(rpc: string): Promise<Address> {
  const accounts = await createWalletClient({ transport: http(rpc) }).getAddresses().catch(() => []);
  if (!accounts[0]) throw new CliError(exitCodes.usage, "no wallet key, and the node has no unlocked account: pass --private-key, --keystore or --mnemonic");
  return accounts[0];
}
