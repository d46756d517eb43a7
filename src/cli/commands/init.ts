import { existsSync } from "node:fs";
import { privateKeyToAccount } from "viem/accounts";
import { bytesToHex } from "viem";
import { MAX_BINDING_DEVICES } from "../../constants.ts";
import { createDeviceIdentity, createKeyBinding, deviceCode } from "../../index.ts";
import { encodeAccountRecord } from "../accountRecord.ts";
import { chainBinding } from "../chainBinding.ts";
import { dataDir, resolveNetwork, saveNetworkFlags, storePath } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { createStoreFile } from "../createStoreFile.ts";
import { CliError, exitCodes } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { checkKeySourceFlags, kdfParams, storePassphrase, walletPrivateKey } from "../secrets.ts";
import { connect } from "../session.ts";

/**
 * `hushlog init`: a new encrypted store holding this machine's device identity, the binding for the deployment and
 * the wallet key. The identity is random, never derived from the wallet: the same wallet on two machines must give
 * two devices (docs/protocol.md, "Devices"). When the account already lists devices on chain, this machine is added
 * to that list (the wallet signs the list of all of them, numbered above the current one): linking, not replacing.
 */
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

  const identity = await createDeviceIdentity({ account: wallet.address });
  const { current, nextSequence } = await chainBinding(connected.publicClient, {
    account: wallet.address,
    chainId: connected.chainId,
    contract: connected.contract,
    deployBlock: connected.deployBlock,
  });
  const others = current?.devices ?? [];
  if (others.length >= MAX_BINDING_DEVICES) {
    throw new CliError(exitCodes.conflict, `${wallet.address} already has ${others.length} devices, the most a binding lists: revoke one first (\`hushlog devices revoke <code>\` on another device)`);
  }
  const binding = await createKeyBinding(identity, {
    signTypedData: (typedData) => wallet.signTypedData(typedData),
    chainId: connected.chainId,
    contract: connected.contract,
    sequence: nextSequence,
    // Linking keeps every listed device and the account's relayers; this one sends from the wallet's address.
    devices: [...others, { x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null }],
    delegates: current?.delegates,
  });
  await createStoreFile({
    path,
    passphrase,
    account: wallet.address,
    kdf,
    fill: (store) => store.save(encodeAccountRecord({ identity, walletKey: key, bindings: [binding] })),
  });
  const config = saveNetworkFlags(flags, dir);
  const device = deviceCode(bytesToHex(identity.ed25519.publicKey));
  const linked = others.length > 0;

  if (json) {
    io.out(jsonLine({ type: "init", account: wallet.address, store: path, chainId: connected.chainId, contract: connected.contract, config, device, linked, devices: binding.devices.length }));
    return;
  }
  io.out(`Initialized ${wallet.address}`);
  io.out(`  device    ${device}${linked ? ` (linked: the account now has ${binding.devices.length} devices; \`hushlog devices\` lists them)` : ""}`);
  if (linked) io.out("            It reads what is sent to the account from now on; conversations started before stay on the other devices.");
  io.out(`  store     ${path} (encrypted; keep the passphrase safe: it cannot be recovered)`);
  io.out(`  network   chain ${connected.chainId}, contract ${connected.contract}, ${connected.rpc}`);
  if (config) io.out(`  config    ${config}`);
}
