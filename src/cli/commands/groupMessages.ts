import { positiveInteger } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { catchUp, explainMissingConversation, requireActiveMember, requireConversations } from "../groupChecks.ts";
import { mentions, messageText } from "../messageText.ts";
import { formatItem, itemJson, jsonLine } from "../output.ts";
import { groupLabel, resolveGroup } from "../resolveGroup.ts";
import { withClient } from "./account.ts";
import { assertBroadcast } from "./handshake.ts";
import { waitForInclusion } from "./messages.ts";

export async function groupSend(ctx: CommandContext): Promise<void> {
  const text = await messageText(ctx.io, ctx.args.slice(1));
  const mentioned = mentions(ctx);
  await withClient(ctx, {}, async (session) => {
    const { client } = session;
    const named = await resolveGroup(client, ctx.args[0]!);
    // Checked on the stored state first (a refusal changes nothing), then again on the state after syncing.
    requireActiveMember(named, session.account);
    await requireConversations(session, named.members);
    const group = await catchUp(client, named);
    requireActiveMember(group, session.account);
    // Our key goes to every member that lacks it, over our 1:1 conversation with that member.
    await requireConversations(session, group.members);
    const { pendingId, messageIds } = await client.content.post(group.groupId, { text, mentions: mentioned }).catch((error) => {
      throw explainMissingConversation(client, error, group.members);
    });
    let pending = await assertBroadcast(client, (p) => p.id === pendingId, "group message");
    if (ctx.flags.wait) pending = await waitForInclusion(client, pendingId);
    // No record left: the transaction is final (records are kept until then).
    const status = pending?.status ?? "final";
    if (ctx.json) {
      return ctx.io.out(jsonLine({ type: "sent", id: messageIds[0], groupId: group.groupId, conversationId: group.groupId, pendingId, txHash: pending?.txHash ?? null, status }));
    }
    ctx.io.out(`Sent to group ${groupLabel(group)}${pending?.txHash ? ` (tx ${pending.txHash}, ${status})` : ` (${status})`}.`);
  });
}

export async function groupRead(ctx: CommandContext): Promise<void> {
  const limit = ctx.flags.limit === undefined ? undefined : positiveInteger(ctx.flags.limit as string, "--limit");
  await withClient(ctx, { offline: true }, async ({ client }) => {
    const group = await resolveGroup(client, ctx.args[0]!);
    let items = await client.content.thread(group.groupId);
    if (limit !== undefined) items = items.slice(-limit);
    if (ctx.flags.unread) items = items.filter((i) => i.message.direction === "in" && !i.message.read);
    if (!ctx.json) ctx.io.out(`── group ${groupLabel(group)}${group.left ? ", you were removed: nothing newer reaches you" : ""}`);
    for (const item of items) ctx.io.out(ctx.json ? jsonLine(itemJson(item, { group })) : formatItem(item));
    if (!ctx.json && items.length === 0) ctx.io.out(ctx.flags.unread ? "No unread messages." : "No messages.");
    if (items.length > 0) await client.markRead(group.groupId);
  });
}
