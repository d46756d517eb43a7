import { isAddressEqual, type Address } from "viem";
import type { GroupEvent, GroupInfo } from "../index.ts";
import { groupLabel } from "./resolveGroup.ts";

// How groups and their events are printed: JSON objects for scripts, lines for people. Only membership facts
// (ids, accounts, names, epochs, public topics) appear; never a key.

export function groupJson(group: GroupInfo, extra: { unread?: number } = {}) {
  return {
    type: "group",
    groupId: group.groupId,
    name: group.name,
    creator: group.creator,
    epoch: group.epoch,
    members: group.members,
    left: group.left,
    ...extra,
  };
}

export function formatGroup(group: GroupInfo, me: Address, unread: number): string {
  const notes = [
    `${group.members.length} member${group.members.length === 1 ? "" : "s"}`,
    unread ? `${unread} unread` : "",
    isAddressEqual(group.creator, me) ? "created by you" : `created by ${group.creator}`,
    group.left ? "REMOVED: you no longer receive its messages" : "",
  ].filter(Boolean);
  return `${group.name || "(no name)"}  ${group.groupId}  (${notes.join(", ")})`;
}

/** A `group` event of the client as a watch line; `name` is the group's name when known. */
export function groupEventJson(event: GroupEvent, name: string | null) {
  const base = { type: "group", event: event.type, groupId: event.groupId };
  switch (event.type) {
    case "joined": {
      const { creator, epoch, members } = event.membership;
      return { ...base, name: event.membership.name, creator, epoch, members };
    }
    case "members":
      return { ...base, name, epoch: event.epoch, added: event.added, removed: event.removed };
    case "removed":
      return { ...base, name, epoch: event.epoch };
    case "senderKey":
      return { ...base, name, sender: event.sender, topic: event.topic };
  }
}

export function formatGroupEvent(event: GroupEvent, name: string | null): string {
  const label = groupLabel({ groupId: event.groupId, name: event.type === "joined" ? event.membership.name : (name ?? "") });
  switch (event.type) {
    case "joined":
      return `Joined group ${label}, created by ${event.membership.creator}: ${event.membership.members.length} members (\`hushlog group read ${event.groupId}\`).`;
    case "members": {
      const changes = [event.added.length ? `added ${event.added.join(", ")}` : "", event.removed.length ? `removed ${event.removed.join(", ")}` : ""];
      return `Group ${label}: ${changes.filter(Boolean).join("; ")} (epoch ${event.epoch}).`;
    }
    case "removed":
      return `You were removed from group ${label}: nothing sent to it from now on is readable by you.`;
    case "senderKey":
      return `  group ${label}: ${event.sender}'s key arrived`;
  }
}
