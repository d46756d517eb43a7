import { historyConversations } from "../../history.ts";
import type { ConversationView, HushlogClient, HushlogStore } from "../../index.ts";
import { positiveInteger } from "../config.ts";
import { parseTarget, type CommandContext, type Target } from "../context.ts";
import { CliError, exitCodes, notFound } from "../errors.ts";
import { mentions, messageText } from "../messageText.ts";
import { formatItem, formatPending, itemJson, jsonLine, pendingJson } from "../output.ts";
import { withClient } from "./account.ts";
import { assertBroadcast } from "./handshake.ts";

/**
 * The conversation a target names (by peer or id); exit 5 when there is none yet. Given the store, an imported
 * history-only one too: reading it works, sending to it fails with CLIENT_HISTORY_ONLY, naming where it lives.
 */
export async function resolveConversation(client: HushlogClient, target: Target, store?: HushlogStore): Promise<Pick<ConversationView, "conversationId" | "peer">> {
  const history = store ? await historyConversations({ client, store }) : [];
  const conversations = [...(await client.conversations()), ...history];
  const id = target.kind === "address" ? client.conversationWith(target.address) : target.conversationId;
  const found = conversations.find((c) => c.conversationId.toLowerCase() === id.toLowerCase());
  if (found) return found;
  if (target.kind === "address") {
    throw notFound(`no conversation with ${target.address}: \`hushlog hello ${target.address}\` starts one (or accept their request)`);
  }
  throw notFound(`no conversation ${target.conversationId}`);
}

export async function send(ctx: CommandContext): Promise<void> {
  const target = parseTarget(ctx.args[0]!);
  const text = await messageText(ctx.io, ctx.args.slice(1));
  const mentioned = mentions(ctx);

  await withClient(ctx, {}, async ({ client, store }) => {
    const conversation = await resolveConversation(client, target, store);
    // A post: it can be edited, deleted, replied to and reacted to (client.content).
    const { pendingId, messageIds } = await client.content.post(conversation.conversationId, { text, mentions: mentioned });
    let pending = await assertBroadcast(client, (p) => p.id === pendingId, "message");
    if (ctx.flags.wait) pending = await waitForInclusion(client, pendingId);
    // No record left: the transaction is final (records are kept until then).
    const status = pending?.status ?? "final";
    if (ctx.json) {
      return ctx.io.out(jsonLine({ type: "sent", id: messageIds[0], conversationId: conversation.conversationId, peer: conversation.peer, pendingId, txHash: pending?.txHash ?? null, status }));
    }
    ctx.io.out(`Sent to ${conversation.peer}${pending?.txHash ? ` (tx ${pending.txHash}, ${status})` : ` (${status})`}.`);
  });
}

/** Syncs until the transaction is included or confirmed (at most 2 minutes). */
export async function waitForInclusion(client: HushlogClient, pendingId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await client.sync();
    const pending = (await client.pendingTransactions()).find((p) => p.id === pendingId);
    if (!pending || pending.status === "included" || pending.status === "confirmed") return pending;
    if (["failed", "reverted"].includes(pending.status)) {
      throw new CliError(exitCodes.transaction, `the message transaction ${pending.status}: ${pending.error ?? "no reason given"}`);
    }
    if (Date.now() > deadline) throw new CliError(exitCodes.network, `the transaction ${pending.txHash} was not included within 2 minutes (still ${pending.status})`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export async function read(ctx: CommandContext): Promise<void> {
  const target = ctx.args[0] === undefined ? null : parseTarget(ctx.args[0]);
  const limit = ctx.flags.limit === undefined ? undefined : positiveInteger(ctx.flags.limit as string, "--limit");
  await withClient(ctx, { offline: true }, async ({ client, store }) => {
    const conversations = target ? [await resolveConversation(client, target, store)] : [...(await client.conversations()), ...(await historyConversations({ client, store }))];
    let printed = 0;
    for (const conversation of conversations) {
      // Folded: reactions, edits, deletes and receipts show on the messages they name (see buildThread).
      let items = await client.content.thread(conversation.conversationId);
      if (limit !== undefined) items = items.slice(-limit);
      if (ctx.flags.unread) items = items.filter((i) => i.message.direction === "in" && !i.message.read);
      if (items.length === 0) continue;
      if (!ctx.json) ctx.io.out(`── ${conversation.peer} (${conversation.conversationId.slice(0, 10)}…)`);
      for (const item of items) ctx.io.out(ctx.json ? jsonLine(itemJson(item, { peer: conversation.peer })) : formatItem(item, conversation.peer));
      printed += items.length;
      await client.markRead(conversation.conversationId);
    }
    if (!ctx.json && printed === 0) ctx.io.out(ctx.flags.unread ? "No unread messages." : "No messages.");
  });
}

export async function retry(ctx: CommandContext): Promise<void> {
  const id = ctx.args[0]!;
  await withClient(ctx, {}, async ({ client }) => {
    await client.retry(id);
    const pending = await assertBroadcast(client, (p) => p.id === id, "retried");
    if (ctx.json) return ctx.io.out(jsonLine(pendingJson(pending!)));
    ctx.io.out(formatPending(pending!));
  });
}
