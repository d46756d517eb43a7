import { readFileSync } from "node:fs";
import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { defaultArgon2idParams, type Argon2idParams } from "../backup.ts";
import type { Flags } from "./config.ts";
import { badInput, CliError, exitCodes, notFound, usageError } from "./errors.ts";
import { decryptKeystore } from "./keystore.ts";

/**
 * Whether this process is Hushlog's own CLI test harness (test/cli/cliTestEntry.ts), the only place that may ask for
 * cheap Argon2id: the `hushlog` command itself never sets it, so `HUSHLOG_KDF=fast` cannot weaken a real store.
 */
let testingKdfAllowed = false;

/** For the CLI test harness only: lets `HUSHLOG_KDF=fast` through (see testingKdfAllowed). */
export function allowTestingKdf(): void {
  testingKdfAllowed = true;
}

/** Cheap Argon2id for the test harness only (`HUSHLOG_KDF=fast`): 1 pass over 64 KiB. Never the default. */
const fastArgon2idParams: Argon2idParams = { t: 1, m: 64, p: 1 };

export function kdfParams(env: NodeJS.ProcessEnv): Argon2idParams {
  if (env.HUSHLOG_KDF === undefined || env.HUSHLOG_KDF === "") return defaultArgon2idParams;
  if (env.HUSHLOG_KDF === "fast" && testingKdfAllowed) return fastArgon2idParams;
  throw usageError(
    env.HUSHLOG_KDF === "fast"
      ? "HUSHLOG_KDF=fast is refused: it is a setting of Hushlog's own test suite and would make your store's key cheap to guess; unset it"
      : `HUSHLOG_KDF is not a setting of the hushlog command (got "${env.HUSHLOG_KDF}"); unset it`,
  );
}

function readSecretFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw notFound(`${what} file ${path} cannot be read`);
  }
  // One trailing newline is an editor's, not the secret's.
  return text.replace(/\r?\n$/, "");
}

/**
 * A secret from, in order: a file option, an environment variable, an interactive prompt (no echo) when stdin
 * is a terminal. `confirm` asks twice (new secrets). Missing in a script = exit 3.
 */
export async function readSecret(
  source: { file: string | undefined; env: string | undefined; envName: string; fileOption: string; what: string },
  options: { confirm?: boolean } = {},
): Promise<string> {
  let secret: string | undefined;
  if (source.file !== undefined) secret = readSecretFile(source.file, source.what);
  else if (source.env !== undefined) secret = source.env;
  else if (process.stdin.isTTY) {
    secret = await prompt(`${source.what}: `);
    if (options.confirm && (await prompt(`${source.what} (again): `)) !== secret) throw new CliError(exitCodes.auth, `the two ${source.what}s differ`);
  } else {
    throw new CliError(exitCodes.auth, `no ${source.what}: use --${source.fileOption} or ${source.envName} (no terminal to ask on)`);
  }
  if (secret.length === 0) throw new CliError(exitCodes.auth, `the ${source.what} is empty`);
  return secret;
}

export function storePassphrase(flags: Flags, env: NodeJS.ProcessEnv, options: { confirm?: boolean } = {}): Promise<string> {
  return readSecret(
    { file: flags["passphrase-file"] as string | undefined, env: env.HUSHLOG_PASSPHRASE, envName: "HUSHLOG_PASSPHRASE", fileOption: "passphrase-file", what: "store passphrase" },
    options,
  );
}

/** The backup passphrase: its own file or variable, else the store passphrase. */
export function backupPassphrase(flags: Flags, env: NodeJS.ProcessEnv, options: { confirm?: boolean } = {}): Promise<string> {
  if (flags["backup-passphrase-file"] === undefined && env.HUSHLOG_BACKUP_PASSPHRASE === undefined) return storePassphrase(flags, env, options);
  return readSecret(
    {
      file: flags["backup-passphrase-file"] as string | undefined,
      env: env.HUSHLOG_BACKUP_PASSPHRASE,
      envName: "HUSHLOG_BACKUP_PASSPHRASE",
      fileOption: "backup-passphrase-file",
      what: "backup passphrase",
    },
    options,
  );
}

/** Whether any wallet key source was given (flags or environment). */
export function hasKeySource(flags: Flags, env: NodeJS.ProcessEnv): boolean {
  return [flags["private-key"], flags.keystore, flags.mnemonic, env.HUSHLOG_PRIVATE_KEY, env.HUSHLOG_MNEMONIC].some((v) => v !== undefined);
}

/** Checks the key source's shape without reading files or prompting (so usage errors come first). */
export function checkKeySourceFlags(flags: Flags, env: NodeJS.ProcessEnv): void {
  const given = [
    flags["private-key"] ?? env.HUSHLOG_PRIVATE_KEY,
    flags.keystore,
    flags.mnemonic ?? env.HUSHLOG_MNEMONIC,
  ].filter((v) => v !== undefined);
  if (given.length === 0) throw usageError("no wallet key: pass --private-key, --keystore or --mnemonic");
  const explicit = [flags["private-key"], flags.keystore, flags.mnemonic].filter((v) => v !== undefined);
  if (explicit.length > 1) throw usageError("pass only one of --private-key, --keystore, --mnemonic");
  if (flags["mnemonic-index"] !== undefined && flags.mnemonic === undefined && env.HUSHLOG_MNEMONIC === undefined) {
    throw usageError("--mnemonic-index needs --mnemonic");
  }
}

/**
 * The wallet's secp256k1 private key, from --private-key / $HUSHLOG_PRIVATE_KEY, --keystore (+ password), or
 * --mnemonic / $HUSHLOG_MNEMONIC (BIP-44 m/44'/60'/0'/0/<--mnemonic-index>). Flags win over variables.
 */
export async function walletPrivateKey(flags: Flags, env: NodeJS.ProcessEnv): Promise<Hex> {
  checkKeySourceFlags(flags, env);
  if (flags.keystore !== undefined) {
    let json: string;
    try {
      json = readFileSync(flags.keystore as string, "utf8");
    } catch {
      throw notFound(`keystore file ${String(flags.keystore)} cannot be read`);
    }
    const password = await readSecret({
      file: flags["keystore-password-file"] as string | undefined,
      env: env.HUSHLOG_KEYSTORE_PASSWORD,
      envName: "HUSHLOG_KEYSTORE_PASSWORD",
      fileOption: "keystore-password-file",
      what: "keystore password",
    });
    return bytesToHex(await decryptKeystore(json, password));
  }
  const mnemonic = (flags.mnemonic as string | undefined) ?? (flags["private-key"] === undefined ? env.HUSHLOG_MNEMONIC : undefined);
  if (mnemonic !== undefined) {
    const indexText = (flags["mnemonic-index"] as string | undefined) ?? "0";
    if (!/^\d+$/.test(indexText) || Number(indexText) > 0x7fffffff) throw usageError(`--mnemonic-index must be 0..2147483647, got "${indexText}"`);
    let account;
    try {
      account = mnemonicToAccount(mnemonic.trim().split(/\s+/).join(" "), { addressIndex: Number(indexText) });
    } catch {
      throw badInput("the mnemonic is not a valid BIP-39 English mnemonic");
    }
    const key = account.getHdKey().privateKey;
    if (!key) throw badInput("the mnemonic gives no private key");
    return bytesToHex(key);
  }
  const text = ((flags["private-key"] as string | undefined) ?? env.HUSHLOG_PRIVATE_KEY)!.trim();
  const hex = (text.startsWith("0x") ? text : `0x${text}`) as Hex;
  if (!isHex(hex, { strict: true }) || hex.length !== 66) throw badInput("the private key must be 32 bytes of hex (64 digits, optional 0x)");
  const bytes = hexToBytes(hex);
  if (bytes.every((b) => b === 0)) throw badInput("the private key is zero");
  return hex;
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let answer = "";
    const done = (error?: Error) => {
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolvePromise(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return done();
        if (char === "\u0003") return done(new CliError(exitCodes.auth, "interrupted"));
        if (char === "\u007f" || char === "\b") answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.on("data", onData);
  });
}
