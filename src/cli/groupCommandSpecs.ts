// The `hushlog group <command>` specs. They are keyed "group <command>" so main.ts, the help and the tests treat
// them like any other command; main.ts joins the two words.
import type { CommandSpec } from "./commandSpecs.ts";

const groupArgument =
  "<group> is the group id (0x + 32 hex digits, or a unique prefix of it) or a unique prefix of its name.";

const keysTravel =
  "Sender keys travel over 1:1 conversations: every member needs a conversation with the creator and with each other\n" +
  "member (`hushlog hello <address>`, then the peer accepts) before it can send to the group.";

export const groupCommands = {
  "group create": {
    usage: "group create <name> <member>...",
    summary: "create a group with you as its creator (the only one who can add or remove members)",
    description: `${keysTravel}\nMembers see the group once they \`hushlog sync\`. The name (at most 64 bytes) is never public.`,
    options: {},
    positionals: [2, Infinity],
    network: true,
  },
  "group list": {
    usage: "group list",
    summary: "list your groups (name, id, members, unread; groups you were removed from are marked)",
    options: {},
    positionals: [0, 0],
    network: false,
  },
  "group members": {
    usage: "group members <group>",
    summary: "show a group: id, creator, epoch, and each member with whether you have a conversation with it",
    description: `${groupArgument}\nAlso \`hushlog group show <group>\`.`,
    options: {},
    positionals: [1, 1],
    network: false,
  },
  "group add": {
    usage: "group add <group> <member>...",
    summary: "add members (creator only): they read what follows, not the history",
    description: `${groupArgument}\n${keysTravel}`,
    options: {},
    positionals: [2, Infinity],
    network: true,
  },
  "group remove": {
    usage: "group remove <group> <member>...",
    summary: "remove members (creator only): every remaining member changes keys, so they read nothing after",
    description: `${groupArgument}\nSyncs first, so the removed members' last messages are read before their keys are dropped.`,
    options: {},
    positionals: [2, Infinity],
    network: true,
  },
  "group send": {
    usage: "group send <group> [<text>... | -] [--mention <addresses>]",
    summary: "send a message to a group in one transaction (text from the arguments, or from stdin when absent or `-`)",
    description: `${groupArgument}\n${keysTravel}\nSyncs first: a removal not applied yet would leave the message readable by the removed member.\nReply, react, edit and delete work on group messages too (\`hushlog reply <message-id>\`...).`,
    options: {
      wait: { type: "boolean", help: "wait until the transaction is included" },
      mention: { type: "string", value: "addresses", help: "mention these accounts (comma-separated)" },
    },
    positionals: [1, Infinity],
    network: true,
  },
  "group read": {
    usage: "group read <group> [--limit <n>] [--unread]",
    summary: "print a group's stored messages and mark them read",
    description: `${groupArgument}\nReads the local store only: run \`sync\` first (or keep \`watch\` running) for the latest messages.`,
    options: {
      limit: { type: "string", value: "n", help: "only the newest n messages" },
      unread: { type: "boolean", help: "only unread messages" },
    },
    positionals: [1, 1],
    network: false,
  },
} as const satisfies Record<string, CommandSpec>;

/** Other names accepted after `hushlog group`. */
export const groupAliases: Record<string, keyof typeof groupCommands> = { show: "group members" };

export function groupHelp(): string {
  return [
    "hushlog group: group chats (sender keys: one transaction per message, whatever the group's size).",
    "",
    "Usage: hushlog group <command> [options]      hushlog group <command> --help",
    "",
    "Commands:",
    ...Object.values(groupCommands).map((c) => `  ${c.usage.padEnd(43)}  ${c.summary}`),
    "",
    groupArgument,
    keysTravel,
    "",
  ].join("\n");
}
