import { existsSync } from "node:fs";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyBinding, deriveIdentity } from "../../index.ts";
import { encodeAccountRecord } from "../accountRecord.ts";
import { nextBindingSequence } from "../nextBindingSequence.ts";
import { dataDir, resolveNetwork, saveNetworkFlags, storePath } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { createStoreFile } from "../createStoreFile.ts";
import { CliError, exitCodes } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { checkKeySourceFlags, kdfParams, storePassphrase, walletPrivateKey } from "../secrets.ts";
import { connect } from "../session.ts";

/** `hushlog init`: a new encrypted store holding the identity, the binding for the deployment and the wallet key. */
export async function init({ flags, env, io, json }: CommandContext): Promise<void> {
  checkKeySourceFlags(flags, env);
  const kdf = kdfParams(env);
  const dir = dataDir(flags, env);
  const network = resolveNetwork(flags, env, dir);
  const key = await walletPrivateKey(flags, env);
  const wallet = privateKeyToAccount(key);
  const path = storePath(dir, wallet.address);
  if (existsSync(path)) throw new CliError(exitCodes.conflict, `${wallet.address} is already initialized (${path})`);
  const connected = await connect(network);
  const passphrase = await storePassphrase(flags, env, { confirm: true });

  const identity = await deriveIdentity({ account: wallet.address, signMessage: ({ message }) => wallet.signMessage({ message }) });
  const nextSequence = await nextBindingSequence(connected.publicClient, {
    account: wallet.address,
    chainId: connected.chainId,
    contract: connected.contract,
    deployBlock: connected.deployBlock,
  });
  const binding = await createKeyBinding(identity, {
    signTypedData: (typedData) => wallet.signTypedData(typedData),
    chainId: connected.chainId,
    contract: connected.contract,
    sequence: nextSequence,
  });
  await createStoreFile({
    path,
    passphrase,
    account: wallet.address,
    kdf,
    fill: (store) => store.save(encodeAccountRecord({ identity, walletKey: key, bindings: [binding] })),
  });
  const config = saveNetworkFlags(flags, dir);

  if (json) {
    io.out(jsonLine({ type: "init", account: wallet.address, store: path, chainId: connected.chainId, contract: connected.contract, config }));
    return;
  }
  io.out(`Initialized ${wallet.address}`);
  io.out(`  store     ${path} (encrypted; keep the passphrase safe: it cannot be recovered)`);
  io.out(`  network   chain ${connected.chainId}, contract ${connected.contract}, ${connected.rpc}`);
  if (config) io.out(`  config    ${config}`);
}
