import { bytesToHex, isAddressEqual } from "viem";
import { createKeyBinding, deviceCode } from "../../index.ts";
import { parseAddress, type CommandContext } from "../context.ts";
import { badInput, notFound } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { nextBindingSequence } from "../nextBindingSequence.ts";
import { walletAccount } from "../session.ts";
import { encodeAccountRecord } from "../accountRecord.ts";
import { withClient } from "./account.ts";

/** `hushlog verify <peer>`: the conversation's safety number, to compare with the peer over another channel. */
export async function verify(ctx: CommandContext): Promise<void> {
  const peer = parseAddress(ctx.args[0]!);
  await withClient(ctx, { offline: true }, async ({ client, record }) => {
    const number = await client.safetyNumber(peer);
    if (number === null) throw notFound(`no conversation with ${peer}: \`hushlog hello ${peer}\` starts one`);
    const conversation = (await client.conversations()).find((c) => isAddressEqual(c.peer, peer));
    const theirs = conversation?.binding.devices[0]?.ed25519;
    const ours = bytesToHex(record.identity.ed25519.publicKey);
    const info = { type: "verify", peer, safetyNumber: number, yourDevice: deviceCode(ours), theirDevice: theirs ? deviceCode(theirs) : null };
    if (ctx.json) return ctx.io.out(jsonLine(info));
    ctx.io.out(`Safety number with ${peer}:`);
    for (const line of number.match(/(\d{5} ){5}\d{5}/g) ?? [number]) ctx.io.out(`  ${line}`);
    ctx.io.out(`Compare it with theirs (read it aloud, or side by side): the same digits mean nobody sits between you.`);
    ctx.io.out(`Your device ${info.yourDevice}${info.theirDevice ? `, theirs ${info.theirDevice}` : ""}.`);
  });
}

/** `hushlog block <address>`: declines its requests and drops its logs before any cryptography. */
export async function block(ctx: CommandContext): Promise<void> {
  const account = parseAddress(ctx.args[0]!);
  await withClient(ctx, { offline: true }, async ({ client, account: self }) => {
    if (isAddressEqual(account, self)) throw badInput("that is your own address");
    await client.block(account);
    if (ctx.json) return ctx.io.out(jsonLine({ type: "block", account }));
    ctx.io.out(`Blocked ${account}: its requests are declined and nothing from it is read (\`hushlog unblock\` undoes it).`);
  });
}

/** `hushlog unblock <address>`. */
export async function unblock(ctx: CommandContext): Promise<void> {
  const account = parseAddress(ctx.args[0]!);
  await withClient(ctx, { offline: true }, async ({ client }) => {
    await client.unblock(account);
    if (ctx.json) return ctx.io.out(jsonLine({ type: "unblock", account }));
    ctx.io.out(`Unblocked ${account}.`);
  });
}

/**
 * `hushlog reauthorize`: signs (with the stored wallet key) and publishes a binding of THIS device numbered above the
 * account's current one. The answer to "your account's current binding does not authorise this device" when the
 * user did not make that binding: it revokes it everywhere.
 */
export async function reauthorize(ctx: CommandContext): Promise<void> {
  await withClient(ctx, {}, async (session) => {
    const { client, network, record, store } = session;
    const wallet = walletAccount(record);
    const sequence = await nextBindingSequence(network.publicClient, { account: wallet.address, chainId: network.chainId, contract: network.contract, deployBlock: network.deployBlock });
    const binding = await createKeyBinding(record.identity, { signTypedData: (typedData) => wallet.signTypedData(typedData), chainId: network.chainId, contract: network.contract, sequence });
    await client.replaceBinding(binding);
    const others = record.bindings.filter((b) => b.chainId !== network.chainId || !isAddressEqual(b.contract, network.contract));
    session.record = { ...record, bindings: [...others, binding] };
    await store.save(encodeAccountRecord(session.record));
    if (ctx.json) return ctx.io.out(jsonLine({ type: "reauthorize", sequence: binding.sequence, expiresAt: binding.expiresAt }));
    ctx.io.out(`Published binding number ${binding.sequence} for this device: it replaces every earlier one.`);
  });
}
