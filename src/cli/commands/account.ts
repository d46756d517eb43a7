import { bytesToHex } from "viem";
import { deviceCode } from "../../index.ts";
import type { CommandContext } from "../context.ts";
import { formatRequest, jsonLine, requestJson } from "../output.ts";
import { openClient, type ClientSession } from "../session.ts";

/** Opens a client session, runs `fn`, and always closes it. */
export async function withClient<T>(ctx: CommandContext, options: { offline?: boolean }, fn: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = await openClient(ctx.flags, ctx.env, options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

export async function whoami(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async ({ account, path, network, binding, record }) => {
    const info = {
      type: "whoami",
      account,
      store: path,
      chainId: network.chainId,
      contract: network.contract,
      rpc: network.rpc,
      deployBlock: network.deployBlock,
      x25519: bytesToHex(record.identity.x25519.publicKey),
      ed25519: bytesToHex(record.identity.ed25519.publicKey),
      device: deviceCode(bytesToHex(record.identity.ed25519.publicKey)),
      bindingSequence: binding.sequence,
      bindingExpiresAt: binding.expiresAt,
      walletKey: record.walletKey ? "stored (encrypted)" : "none",
    };
    if (ctx.json) return ctx.io.out(jsonLine(info));
    ctx.io.out(`account     ${account}`);
    ctx.io.out(`store       ${path}`);
    ctx.io.out(`network     chain ${network.chainId}, contract ${network.contract}, ${network.rpc}`);
    ctx.io.out(`x25519      ${info.x25519}`);
    ctx.io.out(`ed25519     ${info.ed25519}`);
    ctx.io.out(`device      ${info.device}`);
    ctx.io.out(`binding     number ${binding.sequence}, expires ${new Date(Number(binding.expiresAt) * 1000).toISOString()}`);
  });
}

export async function contacts(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async ({ client, store }) => {
    const conversations = await client.conversations();
    const awaiting = (await store.pendingHandshakes.list()).filter((h) => !conversations.some((c) => c.peer === h.peer));
    if (ctx.json) {
      for (const c of conversations) {
        const last = c.lastMessage;
        ctx.io.out(
          jsonLine({
            type: "conversation",
            conversationId: c.conversationId,
            peer: c.peer,
            unread: c.unread,
            lastMessage: last ? { id: last.id, direction: last.direction, text: last.content?.text ?? null, status: last.status, blockNumber: last.blockNumber } : null,
          }),
        );
      }
      for (const h of awaiting) ctx.io.out(jsonLine({ type: "awaiting", handshakeId: h.id, peer: h.peer, txHash: h.txHash, expiresAt: h.expiresAt }));
      return;
    }
    if (conversations.length === 0 && awaiting.length === 0) return ctx.io.out("No conversations yet: `hushlog hello <address>` starts one.");
    for (const c of conversations) {
      const last = c.lastMessage?.content?.text;
      ctx.io.out(`${c.peer}  ${c.unread ? `${c.unread} unread` : "        "}  ${last ? `“${last.length > 50 ? `${last.slice(0, 50)}…` : last}”` : ""}`);
      ctx.io.out(`    conversation ${c.conversationId}`);
    }
    for (const h of awaiting) ctx.io.out(`${h.peer}  awaiting their answer to your hello${h.txHash ? ` (${h.txHash})` : ""}`);
  });
}

export async function requests(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async ({ client }) => {
    const list = await client.requests(ctx.flags.all ? undefined : "pending");
    if (ctx.json) {
      for (const r of list) ctx.io.out(jsonLine(requestJson(r)));
      return;
    }
    if (list.length === 0) return ctx.io.out(ctx.flags.all ? "No handshake requests." : "No pending handshake requests (run `hushlog sync` to check for new ones).");
    for (const r of list) ctx.io.out(formatRequest(r));
  });
}
