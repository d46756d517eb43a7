// `hushlog`: the command line over the public API (see `hushlog --help` and docs/cli.md). The process entry is
// bin.ts; this module holds the dispatcher (`run`) and `main`, importable by tests without starting anything.
import * as nodeModule from "node:module";
import { parseArgs } from "node:util";
import { commandHelp, commands, globalOptions, mainHelp, type CommandName, type CommandSpec } from "./commandSpecs.ts";
import type { Command, CommandContext, Io } from "./context.ts";
import { describeError, exitCodes, usageError } from "./errors.ts";
import { groupAliases, groupCommands, groupHelp } from "./groupCommandSpecs.ts";

type ParseOption = { type: "string" | "boolean"; short?: string };

const loaders: Record<CommandName, () => Promise<Command>> = {
  init: async () => (await import("./commands/init.ts")).init,
  whoami: async () => (await import("./commands/account.ts")).whoami,
  contacts: async () => (await import("./commands/account.ts")).contacts,
  requests: async () => (await import("./commands/account.ts")).requests,
  hello: async () => (await import("./commands/handshake.ts")).hello,
  accept: async () => (await import("./commands/handshake.ts")).accept,
  decline: async () => (await import("./commands/handshake.ts")).decline,
  send: async () => (await import("./commands/messages.ts")).send,
  read: async () => (await import("./commands/messages.ts")).read,
  retry: async () => (await import("./commands/messages.ts")).retry,
  reply: async () => (await import("./commands/content.ts")).reply,
  react: async () => (await import("./commands/content.ts")).react,
  edit: async () => (await import("./commands/content.ts")).edit,
  delete: async () => (await import("./commands/content.ts")).deleteMessage,
  receipts: async () => (await import("./commands/content.ts")).receipts,
  watch: async () => (await import("./commands/sync.ts")).watch,
  sync: async () => (await import("./commands/sync.ts")).sync,
  status: async () => (await import("./commands/sync.ts")).status,
  export: async () => (await import("./commands/backup.ts")).exportBackup,
  import: async () => (await import("./commands/backup.ts")).importBackup,
  deploy: async () => (await import("./commands/deploy.ts")).deploy,
  demo: async () => (await import("./commands/demo.ts")).demo,
  verify: async () => (await import("./commands/trust.ts")).verify,
  block: async () => (await import("./commands/trust.ts")).block,
  unblock: async () => (await import("./commands/trust.ts")).unblock,
  reauthorize: async () => (await import("./commands/trust.ts")).reauthorize,
  devices: async () => (await import("./commands/devices.ts")).devices,
  history: async () => (await import("./commands/history.ts")).history,
  "group create": async () => (await import("./commands/group.ts")).groupCreate,
  "group list": async () => (await import("./commands/group.ts")).groupList,
  "group members": async () => (await import("./commands/group.ts")).groupMembers,
  "group add": async () => (await import("./commands/group.ts")).groupAdd,
  "group remove": async () => (await import("./commands/group.ts")).groupRemove,
  "group send": async () => (await import("./commands/groupMessages.ts")).groupSend,
  "group read": async () => (await import("./commands/groupMessages.ts")).groupRead,
};

/**
 * `group <command>` is one command named by two words: joins them (resolving aliases such as `show`). Returns
 * null for a bare `group` (its overview is the help).
 */
function joinGroupCommand(words: string[]): string[] | null {
  const [first, sub, ...rest] = words;
  // "group create" as ONE argument is not a command: only the two words are.
  if (first?.includes(" ")) throw usageError(`unknown command "${first}" (see hushlog --help)`);
  if (first !== "group") return [...words];
  if (sub === undefined) return null;
  const name = groupAliases[sub] ?? `group ${sub}`;
  if (!(name in groupCommands)) throw usageError(`unknown group command "${sub}" (see hushlog group --help)`);
  return [name, ...rest];
}

/** Every option of every command, so options may come before or after the command name. */
function allOptions(): Record<string, ParseOption> {
  const options: Record<string, ParseOption> = {};
  const add = (specs: Record<string, { type: "string" | "boolean"; short?: string }>) => {
    for (const [name, spec] of Object.entries(specs)) options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  };
  add(globalOptions);
  for (const spec of Object.values(commands) as CommandSpec[]) add(spec.options);
  return options;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: allOptions(), allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw usageError(`${(error as Error).message.split("\n")[0]} (see hushlog --help)`);
  }
}

export async function run(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  try {
    const { values, positionals, tokens } = parse(argv);
    const asksHelp = positionals[0] === "help";
    const joined = joinGroupCommand(asksHelp ? positionals.slice(1) : positionals);
    if (joined === null) {
      // A bare `hushlog group`: its overview, on stdout when asked for (like a bare `hushlog`).
      if (!asksHelp && !values.help) {
        io.err(groupHelp());
        return exitCodes.usage;
      }
      io.out(groupHelp());
      return exitCodes.ok;
    }
    if (asksHelp) joined.unshift("help");
    const [name, ...args] = joined;
    if (name === undefined || name === "help") {
      const topic = args[0];
      if (topic !== undefined && topic in commands) io.out(commandHelp(topic as CommandName));
      else if (topic !== undefined) throw usageError(`unknown command "${topic}" (see hushlog --help)`);
      else if (name === undefined && !values.help) {
        io.err(mainHelp());
        return exitCodes.usage;
      } else io.out(mainHelp());
      return exitCodes.ok;
    }
    if (!(name in commands)) throw usageError(`unknown command "${name}" (see hushlog --help)`);
    const command = name as CommandName;
    const spec: CommandSpec = commands[command];
    if (values.help) {
      io.out(commandHelp(command));
      return exitCodes.ok;
    }
    for (const token of tokens) {
      if (token.kind === "option" && !(token.name in globalOptions) && !(token.name in spec.options)) {
        throw usageError(`option --${token.name} does not apply to \`${command}\` (see hushlog ${command} --help)`);
      }
    }
    const [min, max] = spec.positionals;
    if (args.length < min) throw usageError(`missing argument: hushlog ${spec.usage}`);
    if (args.length > max) throw usageError(`too many arguments: hushlog ${spec.usage}`);

    const ctx: CommandContext = { flags: values, args, env, io, json: values.json === true };
    await (await loaders[command]())(ctx);
    return exitCodes.ok;
  } catch (error) {
    const { exitCode, message } = describeError(error);
    io.err(`hushlog: ${message}`);
    if (env.HUSHLOG_DEBUG) io.err(String((error as Error)?.stack ?? error));
    return exitCode;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.once("error", reject);
  });
}

/** The `hushlog` process: runs one command with the process's arguments, environment and streams, then exits. */
export async function main(): Promise<void> {
  // Node's on-disk compile cache before the command's modules load (bin.ts turns it on earlier still; a second call
  // is a no-op). Run from source, as the tests do, type stripping costs seconds per start without it. Guarded: the
  // function exists from Node 22.1.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // A reader that went away (`hushlog watch --json | head`) ends the command quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : exitCodes.internal));
  const io: Io = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin,
  };
  const code = await run(process.argv.slice(2), process.env, io);
  // Let stdout drain (pipes are asynchronous), then exit even if a socket or timer lingers.
  process.stdout.write("", () => process.exit(code));
}
