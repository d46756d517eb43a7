import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import type { Flags } from "./config.ts";
import { badInput } from "./errors.ts";

export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether stderr is a terminal (progress bars, prompts). */
  stderrIsTTY: boolean;
  readStdin: () => Promise<string>;
};

export type CommandContext = {
  flags: Flags;
  /** Positionals after the command name. */
  args: string[];
  env: NodeJS.ProcessEnv;
  io: Io;
  json: boolean;
};

export type Command = (ctx: CommandContext) => Promise<void>;

export type Target = { kind: "address"; address: Address } | { kind: "conversation"; conversationId: Hex };

/** `0x` + 40 hex digits = an account; `0x` + 64 = a conversation id; anything else is refused (exit 2). */
export function parseTarget(text: string): Target {
  if (isAddress(text)) return { kind: "address", address: getAddress(text) };
  if (isHex(text, { strict: true }) && text.length === 66) return { kind: "conversation", conversationId: text.toLowerCase() as Hex };
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) throw badInput(`bad address checksum in "${text}" (mixed case must be the EIP-55 checksum; or write it in lower case)`);
  if (/^0x[0-9a-fA-F]{32}$/.test(text)) throw badInput(`"${text}" is a group id: use \`hushlog group send\` or \`hushlog group read\``);
  throw badInput(`unknown address format "${text}": expected an account (0x + 40 hex digits) or a conversation id (0x + 64 hex digits)`);
}

export function parseAddress(text: string): Address {
  if (/^0x[0-9a-fA-F]{40}$/.test(text) && !isAddress(text)) {
    throw badInput(`bad address checksum in "${text}" (mixed case must be the EIP-55 checksum; or write it in lower case)`);
  }
  if (!isAddress(text)) {
    throw badInput(`unknown address format "${text}": expected 0x followed by 40 hex digits`);
  }
  return getAddress(text);
}
