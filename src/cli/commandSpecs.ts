import { exitCodeHelp } from "./errors.ts";
import { contentCommands } from "./contentCommandSpecs.ts";
import { groupCommands } from "./groupCommandSpecs.ts";

type OptionSpec = { type: "string" | "boolean"; short?: string; value?: string; help: string };

/** Options every command accepts (placed before or after the command). */
export const globalOptions = {
  dir: { type: "string", value: "path", help: "data directory (default $HUSHLOG_HOME or ~/.hushlog)" },
  account: { type: "string", value: "address", help: "which account of the data directory (default: the only one; $HUSHLOG_ACCOUNT)" },
  "passphrase-file": { type: "string", value: "file", help: "read the store passphrase from a file (else $HUSHLOG_PASSPHRASE, else a prompt)" },
  rpc: { type: "string", value: "url", help: "JSON-RPC URL (default: config file, the local deployment of `npm start`, else http://127.0.0.1:8545)" },
  contract: { type: "string", value: "address", help: "Hushlog contract address (default: the canonical address, the same on every chain)" },
  "chain-id": { type: "string", value: "n", help: "expected chain id (checked against the RPC)" },
  "deploy-block": { type: "string", value: "n", help: "first block to read (the contract's deployment block; default: found on chain)" },
  config: { type: "string", value: "file", help: "network config file (default <dir>/config.json)" },
  deployment: { type: "string", value: "file", help: "deployment file written by `npm start` (default <repo>/.hushlog/deployment.json; $HUSHLOG_DEPLOYMENT)" },
  confirmations: { type: "string", value: "n", help: "blocks until a transaction counts as confirmed (default per chain: 1 on 31337, 3 on Ethereum, 5 on L2s)" },
  json: { type: "boolean", help: "machine-readable output (JSON lines; bigints as strings)" },
  help: { type: "boolean", short: "h", help: "show help" },
} as const satisfies Record<string, OptionSpec>;

const keySourceOptions = {
  "private-key": { type: "string", value: "hex", help: "wallet private key (or $HUSHLOG_PRIVATE_KEY; visible in `ps`: prefer the env var)" },
  keystore: { type: "string", value: "file", help: "encrypted JSON keystore (Web3 Secret Storage v3: geth, MetaMask, Foundry's cast)" },
  "keystore-password-file": { type: "string", value: "file", help: "keystore password file (else $HUSHLOG_KEYSTORE_PASSWORD, else a prompt)" },
  mnemonic: { type: "string", value: "words", help: "BIP-39 mnemonic (or $HUSHLOG_MNEMONIC), path m/44'/60'/0'/0/<index>" },
  "mnemonic-index": { type: "string", value: "n", help: "address index for --mnemonic (default 0)" },
} as const satisfies Record<string, OptionSpec>;

const backupPassphrase = {
  "backup-passphrase-file": {
    type: "string",
    value: "file",
    help: "backup passphrase file (else $HUSHLOG_BACKUP_PASSPHRASE, else the store passphrase)",
  },
} as const satisfies Record<string, OptionSpec>;

export type CommandSpec = {
  usage: string;
  summary: string;
  description?: string;
  options: Record<string, OptionSpec>;
  /** [min, max] positionals after the command name. */
  positionals: [number, number];
  /** Whether the command reads or writes the chain (and so checks RPC and contract first). */
  network: boolean;
};

export const commands = {
  init: {
    usage: "init (--private-key <hex> | --keystore <file> | --mnemonic <words>)",
    summary: "create an account's encrypted store from a wallet key",
    description:
      "Creates this machine's own Hushlog identity (random keys), has the wallet key sign the account's device list with it\n" +
      "(added to the devices the account already has on chain: linking), and saves both with the wallet key in a new\n" +
      "encrypted store <dir>/<address>.db (SQLCipher, key = Argon2id of the passphrase).\n" +
      "With --rpc/--contract/--chain-id/--deploy-block, also writes them to <dir>/config.json for later commands.",
    options: keySourceOptions,
    positionals: [0, 0],
    network: true,
  },
  whoami: { usage: "whoami", summary: "print the account, its keys and the network", options: {}, positionals: [0, 0], network: false },
  contacts: {
    usage: "contacts",
    summary: "list conversations (and handshakes awaiting an answer)",
    options: {},
    positionals: [0, 0],
    network: false,
  },
  verify: {
    usage: "verify <address>",
    summary: "show the safety number of a conversation, to compare with the peer",
    description: "Both sides compute the same 60 digits from the two identity keys; if they match, nobody sits between you.",
    options: {},
    positionals: [1, 1],
    network: false,
  },
  block: {
    usage: "block <address>",
    summary: "block an account: its requests are declined, its logs ignored before any cryptography",
    options: {},
    positionals: [1, 1],
    network: false,
  },
  unblock: { usage: "unblock <address>", summary: "unblock an account", options: {}, positionals: [1, 1], network: false },
  devices: {
    usage: "devices [revoke <code|index>]",
    summary: "list the account's devices (this one marked), or revoke one of the others",
    description:
      "Each machine that runs `hushlog init` with the account's wallet is a device of its own (its own keys); the wallet\n" +
      "signs the list of them, published on chain, and the newest list wins. `devices revoke` signs and publishes the list\n" +
      "without that device: it stops once it reads the chain, and nothing sent from then on is addressed to it.",
    options: {},
    positionals: [0, 2],
    network: true,
  },
  history: {
    usage: "history [export --to <device code> [--out <file>] | import <file>]",
    summary: "move message history to another device of the account (a file sealed to it), or list imported history",
    description:
      "`history export --to <code>` writes this device's conversations (settled messages, read state, nicknames) to a file\n" +
      "only the device with that code (see `hushlog devices`) can open; `history import <file>` merges it there: added\n" +
      "messages are counted, existing ones kept, nothing is written if the file is not for this device, altered, from a\n" +
      "device the account no longer lists, or older than one already imported. No session moves: a conversation this\n" +
      "device has no session for is history only (readable with `hushlog read`; sending says which device it lives on).",
    options: {
      to: { type: "string", value: "code", help: "export: the target device's code (XXXX-XXXX)" },
      out: { type: "string", value: "file", help: "export: where to write the file (default hushlog-history-<code>.bin)" },
    },
    positionals: [0, 2],
    network: true,
  },
  reauthorize: {
    usage: "reauthorize",
    summary: "publish a new key binding for this device, revoking any other (if you did not make the current one)",
    options: {},
    positionals: [0, 0],
    network: true,
  },
  requests: {
    usage: "requests [--all]",
    summary: "list incoming handshake requests (pending ones; --all for every status)",
    options: { all: { type: "boolean", help: "include accepted and declined requests" } },
    positionals: [0, 0],
    network: false,
  },
  hello: {
    usage: "hello <address> [--note <text>]",
    summary: "start a conversation: post a handshake to <address>",
    description:
      "If <address> published prekeys, the note goes ENCRYPTED as your first message and you can send at once (they see\n" +
      "a request to accept).\n" +
      "Otherwise it is a request sealed to <address> (only they can read the note; nobody sees whom it is for); if\n" +
      "<address> has published no binding yet, the request and its note are PUBLIC. The conversation exists once the\n" +
      "peer accepts and you sync.",
    options: { note: { type: "string", value: "text", help: "first words: encrypted with prekeys, else sealed with the request (public if the peer has no binding)" } },
    positionals: [1, 1],
    network: true,
  },
  accept: {
    usage: "accept <request-id|address> [--note <text>]",
    summary: "accept a request (id from `requests`, a unique prefix, or the requester's address)",
    description: "The note travels encrypted inside the response: only the requester can read it (their `sync` shows it).",
    options: { note: { type: "string", value: "text", help: "reply note, encrypted to the requester" } },
    positionals: [1, 1],
    network: true,
  },
  decline: {
    usage: "decline <request-id>",
    summary: "decline a handshake request (locally: nothing is sent)",
    options: {},
    positionals: [1, 1],
    network: false,
  },
  send: {
    usage: "send <address|conversation-id> [<text>... | -] [--mention <addresses>]",
    summary: "send a message (text from the arguments, or from stdin when absent or `-`)",
    description: "The message can be edited or deleted for 24 hours (`hushlog edit`, `hushlog delete`) and replied to or reacted to.",
    options: {
      wait: { type: "boolean", help: "wait until the transaction is included" },
      mention: { type: "string", value: "addresses", help: "mention these accounts (comma-separated)" },
    },
    positionals: [1, Infinity],
    network: true,
  },
  retry: {
    usage: "retry <pending-id>",
    summary: "broadcast a failed, dropped or reverted transaction again (the same bytes; id from `status`)",
    options: {},
    positionals: [1, 1],
    network: true,
  },
  read: {
    usage: "read [<address|conversation-id>] [--limit <n>] [--unread]",
    summary: "print stored messages (all conversations or one) and mark them read",
    description: "Reads the local store only: run `sync` first (or keep `watch` running) for the latest messages.\nGroup messages: `hushlog group read <group>`.",
    options: {
      limit: { type: "string", value: "n", help: "only the newest n messages per conversation" },
      unread: { type: "boolean", help: "only unread messages" },
    },
    positionals: [0, 1],
    network: false,
  },
  watch: {
    usage: "watch [--interval <ms>]",
    summary: "sync continuously and print incoming messages and events live (until Ctrl-C / SIGTERM)",
    description:
      "With --json, one JSON object per line: {type: message|status|handshake|group|pending|rejected, ...}; group messages\n" +
      "carry their groupId (text mode prefixes them with [group name]). Another process may\n" +
      "`send` on the same account meanwhile (a session moved on by it is reloaded).",
    options: { interval: { type: "string", value: "ms", help: "polling interval (default 1000)" } },
    positionals: [0, 0],
    network: true,
  },
  sync: {
    usage: "sync [--push]",
    summary: "catch up with the chain (progress bar on a terminal), then update pending transactions",
    description:
      "Also applies the settings your other devices pushed (nicknames, blocks, mutes, read markers). With --push, then\n" +
      "sends this device's unsynced ones to them: one transaction, encrypted to the account's current devices.",
    options: { push: { type: "boolean", help: "send this device's unsynced settings to the account's other devices (one transaction)" } },
    positionals: [0, 0],
    network: true,
  },
  status: {
    usage: "status [--offline]",
    summary: "pending transactions with their lifecycle state (synced first unless --offline)",
    options: { offline: { type: "boolean", help: "do not contact the RPC; print the stored states" } },
    positionals: [0, 0],
    network: true,
  },
  export: {
    usage: "export <file> [--without-wallet-key]",
    summary: "write an encrypted backup of the account (identity, binding, wallet key, sessions, messages)",
    description:
      "WARNING: the backup is a copy of the ratchets. Keep using ONE copy: restoring an old backup after the account\n" +
      "went on elsewhere rewinds them (keys reused, messages undecryptable).",
    options: {
      ...backupPassphrase,
      "without-wallet-key": { type: "boolean", help: "leave the wallet key out (import then needs a key source)" },
    },
    positionals: [1, 1],
    network: false,
  },
  import: {
    usage: "import <file> [--force]",
    summary: "restore a backup into the data directory (refused when that store holds newer state)",
    options: {
      ...backupPassphrase,
      ...keySourceOptions,
      force: { type: "boolean", help: "replace an existing store even if it holds newer state (rewinds ratchets!)" },
    },
    positionals: [1, 1],
    network: false,
  },
  deploy: {
    usage: "deploy [--private-key <hex> | --keystore <file> | --mnemonic <words>] [--private]",
    summary: "put Hushlog at its canonical address on the chain (sends nothing when it is already there)",
    description:
      "The address is the same on every chain (CREATE2 through the deterministic-deployment proxy, which is deployed\n" +
      "first where missing). Pays from the key given, else from the node's first unlocked account (hardhat node, anvil).",
    options: { ...keySourceOptions, private: { type: "boolean", help: "deploy a new private instance (plain CREATE) instead" } },
    positionals: [0, 0],
    network: true,
  },
  demo: {
    usage: "demo",
    summary: "two identities on the local chain: handshake, messages both ways, a reorg survived; with gas",
    description: "Needs a local Hardhat node (`npm start`): it uses Hardhat's funded test accounts #18 and #19 and evm_snapshot/evm_revert.",
    options: {},
    positionals: [0, 0],
    network: true,
  },
  ...contentCommands,
  ...groupCommands,
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;

const environmentHelp = `Environment:
  HUSHLOG_HOME                data directory (default ~/.hushlog)
  HUSHLOG_PASSPHRASE          store passphrase (else --passphrase-file, else a prompt)
  HUSHLOG_BACKUP_PASSPHRASE   backup passphrase for export/import (default: the store passphrase)
  HUSHLOG_PRIVATE_KEY, HUSHLOG_MNEMONIC, HUSHLOG_KEYSTORE_PASSWORD   key sources for init/import
  HUSHLOG_ACCOUNT             account to use when the data directory holds several
  HUSHLOG_DEPLOYMENT          deployment file (default <repo>/.hushlog/deployment.json)
  HUSHLOG_DEBUG=1             print stack traces`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.value ? ` <${spec.value}>` : ""}`;
    return `  ${flag.padEnd(36)} ${spec.help}`;
  });
}

export function mainHelp(): string {
  return [
    "hushlog: end-to-end encrypted messaging over EVM event logs, from the terminal.",
    "",
    "Usage: hushlog <command> [options]      hushlog <command> --help",
    "",
    "Commands:",
    ...Object.values(commands).map((c) => (c.usage.length > 40 ? `  ${c.usage}\n  ${"".padEnd(40)}  ${c.summary}` : `  ${c.usage.padEnd(40)}  ${c.summary}`)),
    "",
    "Options (every command):",
    ...optionLines(globalOptions),
    "",
    environmentHelp,
    "",
    exitCodeHelp,
    "",
  ].join("\n");
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = commands[name];
  return [
    `Usage: hushlog ${spec.usage}`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.description ? ["", spec.description] : []),
    "",
    ...(Object.keys(spec.options).length ? ["Options:", ...optionLines(spec.options), ""] : []),
    "Options (every command):",
    ...optionLines(globalOptions),
    "",
    exitCodeHelp,
    "",
  ].join("\n");
}
