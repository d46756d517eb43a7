// The specs of the content commands (issue 19): reply, react, edit, delete, receipts. Merged into commandSpecs.ts.
import type { CommandSpec } from "./commandSpecs.ts";

const messageArgument =
  "<message-id> is a message id as `read` prints it (its first 10 characters, or any unique prefix of 6+ hex digits);\n" +
  "it names the conversation or group too.";

const mention = { type: "string", value: "addresses", help: "mention these accounts (comma-separated)" } as const;
const wait = { type: "boolean", help: "wait until the transaction is included" } as const;

export const contentCommands = {
  reply: {
    usage: "reply <message-id> [<text>... | -] [--mention <addresses>]",
    summary: "reply to a message (quoting it), in its conversation or group",
    description: messageArgument,
    options: { mention, wait },
    positionals: [1, Infinity],
    network: true,
  },
  react: {
    usage: "react <message-id> <emoji> [--remove]",
    summary: "react to a message (one reaction per person: a new one replaces yours), or take it back",
    description: messageArgument,
    options: { remove: { type: "boolean", help: "take your reaction back" }, wait },
    positionals: [2, 2],
    network: true,
  },
  edit: {
    usage: "edit <message-id> [<text>... | -]",
    summary: "replace the text of one of your messages (within 24 hours of its block)",
    description: `${messageArgument}\nThe peer shows the new text marked "edited"; the earlier text stays in their store.`,
    options: { wait },
    positionals: [1, Infinity],
    network: true,
  },
  delete: {
    usage: "delete <message-id>",
    summary: "delete one of your messages for everyone (within 24 hours of its block)",
    description: `${messageArgument}\nThe peer shows it as deleted; a peer running a modified client could keep the text: it was delivered.`,
    options: { wait },
    positionals: [1, 1],
    network: true,
  },
  receipts: {
    usage: "receipts [<address|conversation-id>...]",
    summary: "send read receipts for what you read (costs gas: one transaction for all conversations)",
    description:
      "Read receipts are off unless you send them: nothing is acknowledged automatically. One receipt per conversation\n" +
      "read since your last one, all in ONE transaction (its gas shows in `status`). 1:1 conversations only.",
    options: { wait },
    positionals: [0, Infinity],
    network: true,
  },
} as const satisfies Record<string, CommandSpec>;
