import { bytesToHex, isAddressEqual, type Address } from "viem";
import { createKeyBinding, deviceCode, type BoundDevice, type KeyBinding } from "../../index.ts";
import { encodeAccountRecord } from "../accountRecord.ts";
import { chainBinding } from "../chainBinding.ts";
import type { CommandContext } from "../context.ts";
import { badInput, notFound, usageError } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { walletAccount, type ClientSession } from "../session.ts";
import { withClient } from "./account.ts";

/**
 * `hushlog devices`: the account's devices as its current binding on chain lists them (this one marked), after a
 * sync, so a list this device just signed (linking) is published first. `hushlog devices revoke <code|index>`: the
 * wallet signs the list without that device and it is published; the revoked device learns it on its next sync and
 * stops, and every peer's client stops talking to it (docs/protocol.md, "Devices").
 */
export async function devices(ctx: CommandContext): Promise<void> {
  const [action, target] = ctx.args;
  if (action === undefined) return list(ctx);
  if (action !== "revoke" || target === undefined) throw usageError("usage: hushlog devices [revoke <code|index>]");
  return revoke(ctx, target);
}

async function list(ctx: CommandContext): Promise<void> {
  await withClient(ctx, {}, async (session) => {
    await session.client.sync();
    const { binding, published } = await currentList(session);
    const ours = bytesToHex(session.record.identity.ed25519.publicKey);
    const rows = binding.devices.map((d, index) => ({ type: "device", index, code: deviceCode(d.ed25519), ed25519: d.ed25519, sender: d.sender, thisDevice: d.ed25519.toLowerCase() === ours }));
    if (ctx.json) {
      for (const row of rows) ctx.io.out(jsonLine(row));
      return;
    }
    ctx.io.out(`${session.account}: ${rows.length} device${rows.length === 1 ? "" : "s"} (binding number ${binding.sequence}${published ? "" : ", not on chain yet"})`);
    for (const row of rows) ctx.io.out(`  ${row.index}  ${row.code}${row.thisDevice ? "  (this device)" : ""}${row.sender ? `  sends from ${row.sender}` : ""}`);
  });
}

async function revoke(ctx: CommandContext, target: string): Promise<void> {
  await withClient(ctx, {}, async (session) => {
    await session.client.sync();
    const { binding: current } = await currentList(session);
    const index = findDevice(current.devices, target);
    const removed = current.devices[index]!;
    if (removed.ed25519.toLowerCase() === bytesToHex(session.record.identity.ed25519.publicKey)) {
      throw badInput(`${deviceCode(removed.ed25519)} is this device: revoke it from another device of the account (or \`hushlog reauthorize\` there)`);
    }
    const wallet = walletAccount(session.record);
    const { network } = session;
    const { nextSequence } = await chainBinding(network.publicClient, { account: wallet.address, chainId: network.chainId, contract: network.contract, deployBlock: network.deployBlock });
    const binding = await createKeyBinding(session.record.identity, {
      signTypedData: (typedData) => wallet.signTypedData(typedData),
      chainId: network.chainId,
      contract: network.contract,
      sequence: nextSequence,
      devices: current.devices.filter((_, i) => i !== index),
      delegates: current.delegates,
    });
    await session.client.replaceBinding(binding);
    saveBinding(session, binding);
    await session.store.save(encodeAccountRecord(session.record));
    const code = deviceCode(removed.ed25519);
    if (ctx.json) return ctx.io.out(jsonLine({ type: "devices-revoke", device: code, sequence: binding.sequence, devices: binding.devices.length }));
    ctx.io.out(`Revoked ${code}: binding number ${binding.sequence} lists ${binding.devices.length} device${binding.devices.length === 1 ? "" : "s"}.`);
    ctx.io.out("That device stops once it reads the chain; what is sent from now on is not addressed to it.");
  });
}

/** The list to show and edit: the chain's current binding, or ours while its publication is on its way. */
async function currentList(session: ClientSession): Promise<{ binding: KeyBinding; published: boolean }> {
  const { network, account } = session;
  const { current } = await chainBinding(network.publicClient, { account, chainId: network.chainId, contract: network.contract, deployBlock: network.deployBlock });
  const ours = session.binding;
  if (current && current.sequence >= ours.sequence) return { binding: current, published: true };
  return { binding: ours, published: false };
}

/** A device by its code (`XXXX-XXXX`, any case, dash optional) or its index in the list. */
function findDevice(list: readonly BoundDevice[], target: string): number {
  const wanted = target.toUpperCase().replace(/-/g, "");
  const byCode = list.findIndex((d) => deviceCode(d.ed25519).replace("-", "") === wanted);
  if (byCode >= 0) return byCode;
  if (/^\d+$/.test(target) && Number(target) < list.length) return Number(target);
  throw notFound(`no device "${target}" in the account's list (see \`hushlog devices\`)`);
}

function saveBinding(session: ClientSession, binding: KeyBinding): void {
  const same = (b: { chainId: number; contract: Address }) => b.chainId === binding.chainId && isAddressEqual(b.contract, binding.contract);
  session.record = { ...session.record, bindings: [...session.record.bindings.filter((b) => !same(b)), binding] };
}
