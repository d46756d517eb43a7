import { isAddressEqual, type Address } from "viem";
import type { GroupInfo, HushlogClient, SendResult } from "../../index.ts";
import { parseAddress, type CommandContext } from "../context.ts";
import { badInput } from "../errors.ts";
import { catchUp, explainMissingConversation, isMember, requireConversations, requireCreator } from "../groupChecks.ts";
import { formatGroup, groupJson } from "../groupOutput.ts";
import { jsonLine } from "../output.ts";
import { groupLabel, resolveGroup } from "../resolveGroup.ts";
import { withClient } from "./account.ts";
import { assertBroadcast } from "./handshake.ts";

/** MAX_GROUP_NAME_BYTES: the name travels in every new member's record. */
const maxNameBytes = 64;

/** The member arguments: valid addresses (exit 2 otherwise), each once. */
function parseMembers(texts: readonly string[]): Address[] {
  const members: Address[] = [];
  for (const text of texts) {
    const address = parseAddress(text);
    if (!members.some((m) => isAddressEqual(m, address))) members.push(address);
  }
  return members;
}

/** Reports a sent group transaction: exit 7 (the transaction kept for `retry`) when its broadcast failed. */
async function report(ctx: CommandContext, client: HushlogClient, result: SendResult, json: Record<string, unknown>, line: (tx: string) => string) {
  const pending = await assertBroadcast(client, (p) => p.id === result.pendingId, "group");
  // No record left: the transaction is final (records are kept until then).
    const status = pending?.status ?? "final";
  if (ctx.json) return ctx.io.out(jsonLine({ ...json, pendingId: result.pendingId, txHash: pending?.txHash ?? null, status }));
  ctx.io.out(line(pending?.txHash ? ` (tx ${pending.txHash}, ${status})` : ` (${status})`));
}

export async function groupCreate(ctx: CommandContext): Promise<void> {
  const [name, ...texts] = ctx.args as [string, ...string[]];
  if (/^0x[0-9a-fA-F]{40}$/.test(name)) throw badInput(`"${name}" is an address: the first argument is the group's name (hushlog group create <name> <member>...)`);
  if (name.trim() === "") throw badInput("empty group name");
  if (new TextEncoder().encode(name).length > maxNameBytes) throw badInput(`group name too long: at most ${maxNameBytes} bytes of UTF-8`);
  const listed = parseMembers(texts);
  await withClient(ctx, {}, async (session) => {
    const { client } = session;
    const members = listed.filter((m) => !isAddressEqual(m, session.account));
    if (members.length === 0) throw badInput("a group needs at least one member besides you");
    await requireConversations(session, members);
    const created = await client.createGroup({ name, members }).catch((error) => {
      throw explainMissingConversation(client, error, members);
    });
    await report(ctx, client, created, { type: "group-created", groupId: created.groupId, name, members }, (tx) =>
      `Created group "${name}" ${created.groupId} with ${members.join(", ")}${tx}.\nMembers see it once they \`hushlog sync\`.`,
    );
  });
}

export async function groupList(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async ({ client, account }) => {
    const groups = await client.groups();
    if (groups.length === 0 && !ctx.json) return ctx.io.out("No groups yet: `hushlog group create <name> <member>...` starts one (groups you are added to appear after `hushlog sync`).");
    for (const group of groups) {
      const unread = (await client.messages(group.groupId)).filter((m) => m.direction === "in" && !m.read).length;
      ctx.io.out(ctx.json ? jsonLine(groupJson(group, { unread })) : formatGroup(group, account, unread));
    }
  });
}

export async function groupMembers(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async ({ client, account }) => {
    const group = await resolveGroup(client, ctx.args[0]!);
    const peers = new Set((await client.conversations()).map((c) => c.peer.toLowerCase()));
    const members = group.members.map((m) => ({
      account: m,
      creator: isAddressEqual(m, group.creator),
      you: isAddressEqual(m, account),
      conversation: isAddressEqual(m, account) || peers.has(m.toLowerCase()),
    }));
    if (ctx.json) return ctx.io.out(jsonLine({ ...groupJson(group), members }));
    ctx.io.out(`group    ${group.name || "(no name)"}${group.left ? "  (you were removed: nothing newer reaches you)" : ""}`);
    ctx.io.out(`id       ${group.groupId}`);
    ctx.io.out(`creator  ${group.creator}${isAddressEqual(group.creator, account) ? " (you)" : ""}`);
    ctx.io.out(`epoch    ${group.epoch} (membership version)`);
    ctx.io.out(`members  ${members.length}`);
    for (const m of members) {
      const notes = [m.creator ? "creator" : "", m.you ? "you" : "", m.conversation ? "" : `no conversation: \`hushlog hello ${m.account}\` (keys travel over it)`];
      ctx.io.out(`  ${m.account}  ${notes.filter(Boolean).join(", ")}`.trimEnd());
    }
  });
}

export async function groupAdd(ctx: CommandContext): Promise<void> {
  const added = parseMembers(ctx.args.slice(1));
  await withClient(ctx, {}, async (session) => {
    const { client } = session;
    const group = await resolveGroup(client, ctx.args[0]!);
    requireCreator(group, session.account, "add members to");
    const already = added.find((m) => isMember(group, m));
    if (already) throw badInput(`${already} is already a member of group ${groupLabel(group)}`);
    // The new members get the record and our key; the current ones get the change.
    await requireConversations(session, [...added, ...group.members]);
    const result = await client.addGroupMembers(group.groupId, added).catch((error) => {
      throw explainMissingConversation(client, error, [...added, ...group.members]);
    });
    await report(ctx, client, result, { type: "group-added", groupId: group.groupId, added }, (tx) =>
      `Added ${added.join(", ")} to group ${groupLabel(group)}${tx}.\nThey read what is sent from now on, not the history.`,
    );
  });
}

export async function groupRemove(ctx: CommandContext): Promise<void> {
  const removed = parseMembers(ctx.args.slice(1));
  await withClient(ctx, {}, async (session) => {
    const { client } = session;
    const check = async (group: GroupInfo) => {
      requireCreator(group, session.account, "remove members of");
      const stranger = removed.find((m) => !isMember(group, m));
      if (stranger) throw badInput(`${stranger} is not a member of group ${groupLabel(group)}`);
      if (removed.some((m) => isAddressEqual(m, session.account))) throw badInput("the creator cannot leave or be removed from its group");
      await requireConversations(session, group.members);
    };
    // Checked on the stored state (a refusal changes nothing), then after reading the members' last messages.
    const named = await resolveGroup(client, ctx.args[0]!);
    await check(named);
    const group = await catchUp(client, named);
    await check(group);
    const result = await client.removeGroupMembers(group.groupId, removed).catch((error) => {
      throw explainMissingConversation(client, error, group.members);
    });
    await report(ctx, client, result, { type: "group-removed", groupId: group.groupId, removed }, (tx) =>
      `Removed ${removed.join(", ")} from group ${groupLabel(group)}${tx}.\nEvery remaining member changes keys: nothing sent from now on is readable by them.`,
    );
  });
}
