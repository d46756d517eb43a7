import { isAddressEqual, type Address } from "viem";
import type { GroupInfo, HushlogClient } from "../index.ts";
import { CliError, exitCodes, notFound } from "./errors.ts";
import { groupLabel } from "./resolveGroup.ts";
import type { ClientSession } from "./session.ts";

// Checks the CLI makes before asking the client to change a group, so that a refusal names the member or the
// rule in one line (the client's own errors carry only ids) and nothing has been prepared or written yet.

export function isMember(group: GroupInfo, account: Address): boolean {
  return group.members.some((m) => isAddressEqual(m, account));
}

/** Exit 6 when we were removed from the group: nothing can be sent to it any more. */
export function requireActiveMember(group: GroupInfo, account: Address): void {
  if (group.left || !isMember(group, account)) {
    throw new CliError(exitCodes.conflict, `you are no longer a member of group ${groupLabel(group)}: its creator removed you`);
  }
}

/** Exit 6 unless we created the group: only the creator adds and removes members. */
export function requireCreator(group: GroupInfo, account: Address, action: string): void {
  requireActiveMember(group, account);
  if (!isAddressEqual(group.creator, account)) {
    throw new CliError(exitCodes.conflict, `only the group's creator ${group.creator} can ${action} group ${groupLabel(group)}`);
  }
}

/**
 * Exit 5 naming the first of `accounts` we have no 1:1 conversation with: group keys travel over those. Says what
 * to do next: say hello, wait for their answer, or accept their request.
 */
export async function requireConversations(session: ClientSession, accounts: readonly Address[]): Promise<void> {
  const { client, account: self, store } = session;
  const peers = new Set((await client.conversations()).map((c) => c.peer.toLowerCase()));
  const missing = accounts.find((a) => !isAddressEqual(a, self) && !peers.has(a.toLowerCase()));
  if (!missing) return;
  const helloSent = (await store.pendingHandshakes.list()).some((h) => isAddressEqual(h.peer, missing));
  const requested = (await client.requests("pending")).some((r) => isAddressEqual(r.from, missing));
  throw notFound(missingConversation(missing, helloSent ? "hello" : requested ? "request" : "none"));
}

function missingConversation(member: Address, state: "hello" | "request" | "none"): string {
  if (state === "hello") return `no conversation with ${member} yet: they have not accepted your hello (once they do, \`hushlog sync\`)`;
  if (state === "request") return `no conversation with ${member} yet: accept their request first (\`hushlog requests\`)`;
  return `no conversation with ${member} — run \`hushlog hello ${member}\` first (group keys travel over 1:1 conversations)`;
}

/**
 * The client's "no conversation <id>" (it names the conversation only) as the CLI's line naming the member; any
 * other error unchanged. For the cases the checks above cannot foresee.
 */
export function explainMissingConversation(client: HushlogClient, error: unknown, members: readonly Address[]): unknown {
  const e = error as { code?: string; shortMessage?: string };
  if (e?.code !== "CLIENT_CONVERSATION_NOT_FOUND" || typeof e.shortMessage !== "string") return error;
  const text = e.shortMessage.toLowerCase();
  const member = members.find((m) => text.includes(client.conversationWith(m).toLowerCase()));
  return member ? notFound(missingConversation(member, "none")) : error;
}

/** Sync passes tried when another process (a running `watch`) commits the same step first. */
const syncAttempts = 3;

/**
 * Syncs, then returns the group as it is now. Run before sending to a group or removing members: a removal we
 * have not applied yet would otherwise leave our message readable by the removed member, and a creator that
 * removes before reading loses the removed member's last messages (see test/client/groupRemovalBeforeSync.test.ts).
 */
export async function catchUp(client: HushlogClient, group: GroupInfo): Promise<GroupInfo> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.sync();
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= syncAttempts || (code !== "STORE_CONFLICT" && code !== "GROUP_STATE_CONFLICT")) throw error;
    }
  }
  return (await client.groups()).find((g) => g.groupId === group.groupId) ?? group;
}
