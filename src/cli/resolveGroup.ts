import type { GroupInfo, HushlogClient } from "../index.ts";
import { badInput, notFound } from "./errors.ts";

const groupIdPattern = /^0x[0-9a-f]{32}$/i;

/** `friends (0x1234abcd…)`: how a group is named in messages. */
export function groupLabel(group: Pick<GroupInfo, "groupId" | "name">): string {
  return `"${group.name || "(no name)"}" (${group.groupId.slice(0, 10)}…)`;
}

/**
 * The group `text` names: its id, a unique prefix of its id (from `0x`), its exact name, or a unique prefix of its
 * name (case-insensitive). Groups we were removed from still resolve (their history stays readable).
 * Exit 5 when nothing matches, exit 2 when several do.
 */
export async function resolveGroup(client: HushlogClient, text: string): Promise<GroupInfo> {
  if (text.trim() === "") throw badInput("empty group name: pass a group id or a name from `hushlog group list`");
  const groups = await client.groups();
  if (groupIdPattern.test(text)) {
    const found = groups.find((g) => g.groupId.toLowerCase() === text.toLowerCase());
    if (found) return found;
    throw notFound(`no group ${text.toLowerCase()} (see \`hushlog group list\`; a group you were added to appears after \`hushlog sync\`)`);
  }
  const exact = groups.filter((g) => g.name === text);
  if (exact.length === 1) return exact[0]!;
  const lower = text.toLowerCase();
  const candidates = exact.length > 1 ? exact : groups.filter((g) => g.name.toLowerCase().startsWith(lower) || (lower.startsWith("0x") && g.groupId.toLowerCase().startsWith(lower)));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const some = candidates.slice(0, 3).map(groupLabel).join(", ");
    throw badInput(`"${text}" matches ${candidates.length} groups (${some}${candidates.length > 3 ? ", …" : ""}): use more of the name or the group id`);
  }
  throw notFound(`no group "${text}" (see \`hushlog group list\`; a group you were added to appears after \`hushlog sync\`)`);
}
