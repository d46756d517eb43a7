import type { Hex } from "viem";
import { CONTENT_SCAN_LIMIT } from "../../constants.ts";
import type { HushlogClient, MessageView, SendResult } from "../../index.ts";
import { parseTarget, type CommandContext } from "../context.ts";
import { shortId } from "../contentOutput.ts";
import { badInput, notFound } from "../errors.ts";
import { mentions, messageText } from "../messageText.ts";
import { jsonLine } from "../output.ts";
import { withClient } from "./account.ts";
import { assertBroadcast } from "./handshake.ts";
import { resolveConversation, waitForInclusion } from "./messages.ts";

/**
 * The stored message a full id or a unique prefix (6+ hex digits after 0x) names, in any conversation or group:
 * exit 2 for a malformed or ambiguous prefix, 5 when nothing matches (run `sync` first).
 */
export async function findMessage(client: HushlogClient, text: string): Promise<MessageView> {
  if (!/^0x[0-9a-fA-F]{6,64}$/.test(text)) throw badInput(`"${text}" is not a message id: 0x and at least 6 hex digits, as \`hushlog read\` prints it`);
  const prefix = text.toLowerCase();
  const chats = [...(await client.conversations()).map((c) => c.conversationId), ...(await client.groups()).map((g) => g.groupId)];
  const found: MessageView[] = [];
  for (const chat of chats) for (const m of await client.messages(chat, { limit: CONTENT_SCAN_LIMIT })) if (m.id.toLowerCase().startsWith(prefix)) found.push(m);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw badInput(`"${text}" matches ${found.length} messages: give more of the id`);
  throw notFound(`no message ${text} (see \`hushlog read\`; \`hushlog sync\` fetches new ones)`);
}

/** Runs one content send on the message `ctx.args[0]` names, then reports it like `send`. */
async function onMessage(ctx: CommandContext, kind: string, describe: (target: MessageView) => string, act: (client: HushlogClient, target: MessageView) => Promise<SendResult>) {
  await withClient(ctx, {}, async ({ client }) => {
    const target = await findMessage(client, ctx.args[0]!);
    const result = await act(client, target);
    await report(ctx, client, result, { kind, target: target.id, conversationId: target.conversationId }, describe(target));
  });
}

async function report(ctx: CommandContext, client: HushlogClient, { pendingId, messageIds }: SendResult, fields: Record<string, unknown>, done: string) {
  let pending = await assertBroadcast(client, (p) => p.id === pendingId, String(fields.kind));
  if (ctx.flags.wait) pending = await waitForInclusion(client, pendingId);
  // No record left: the transaction is final (records are kept until then).
  const status = pending?.status ?? "final";
  if (ctx.json) return ctx.io.out(jsonLine({ type: "sent", ...fields, id: messageIds[0] ?? null, ids: messageIds, pendingId, txHash: pending?.txHash ?? null, status }));
  ctx.io.out(`${done}${pending?.txHash ? ` (tx ${pending.txHash}, ${status})` : ` (${status})`}.`);
}

export async function reply(ctx: CommandContext): Promise<void> {
  const text = await messageText(ctx.io, ctx.args.slice(1));
  const mentioned = mentions(ctx);
  await onMessage(ctx, "reply", (t) => `Replied to ${shortId(t.id)}`, (client, target) => client.content.reply(target.conversationId, target.id, text, { mentions: mentioned }));
}

export async function react(ctx: CommandContext): Promise<void> {
  const emoji = ctx.args[1]!;
  const remove = Boolean(ctx.flags.remove);
  if (emoji.trim() === "") throw badInput("empty reaction: pass an emoji");
  await onMessage(
    ctx,
    "reaction",
    (t) => (remove ? `Took back ${emoji} on ${shortId(t.id)}` : `Reacted ${emoji} to ${shortId(t.id)}`),
    (client, target) => client.content.react(target.conversationId, target.id, emoji, { remove }),
  );
}

export async function edit(ctx: CommandContext): Promise<void> {
  const text = await messageText(ctx.io, ctx.args.slice(1));
  await onMessage(ctx, "edit", (t) => `Edited ${shortId(t.id)}`, (client, target) => client.content.edit(target.conversationId, target.id, text));
}

export async function deleteMessage(ctx: CommandContext): Promise<void> {
  await onMessage(ctx, "delete", (t) => `Deleted ${shortId(t.id)} for everyone`, (client, target) => client.content.delete(target.conversationId, target.id));
}

export async function receipts(ctx: CommandContext): Promise<void> {
  const targets = ctx.args.map(parseTarget);
  await withClient(ctx, {}, async ({ client }) => {
    const chats: Hex[] | undefined = targets.length ? [] : undefined;
    for (const target of targets) chats!.push((await resolveConversation(client, target)).conversationId);
    const sent = await client.content.sendReadReceipts(chats);
    if (!sent) {
      if (ctx.json) return ctx.io.out(jsonLine({ type: "sent", kind: "receipts", ids: [], pendingId: null, txHash: null, status: null }));
      return ctx.io.out("Nothing read since your last receipts: nothing sent.");
    }
    await report(ctx, client, sent, { kind: "receipts" }, `Sent ${sent.messageIds.length} read receipt${sent.messageIds.length === 1 ? "" : "s"} in one transaction`);
  });
}

