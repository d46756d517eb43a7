/**
 * Exit codes of `hushlog`: stable API for scripts. Every failure prints exactly one line to stderr
 * (`hushlog: <message>`) and leaves the data directory as it was.
 */
export const exitCodes = {
  ok: 0,
  /** Unknown command or option, missing or extra argument. */
  usage: 1,
  /** Malformed input: an address, conversation id, key, file or text that cannot be used. */
  badInput: 2,
  /** Wrong or missing passphrase or password (store, backup, keystore). */
  auth: 3,
  /** The RPC cannot be reached or failed. */
  network: 4,
  /**
   * Something named does not exist: the contract, the account's store, a conversation, a request, a group (or what
   * the store needs: the SQLite driver package, a recent enough Node.js).
   */
  notFound: 5,
  /**
   * The action conflicts with existing state: already initialized, a newer store than the backup, store busy, not
   * the group's creator, no longer a member of the group, this device no longer authorised by the account's
   * current binding, a blocked account.
   */
  conflict: 6,
  /** A transaction was refused or failed (insufficient funds, reverted, rejected by the node). */
  transaction: 7,
  /** A bug: please report it (with `HUSHLOG_DEBUG=1` for the stack). */
  internal: 70,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeHelp = `Exit codes:
  0   success
  1   usage error (unknown command or option, missing argument)
  2   bad input (address, conversation id, key, file or text that cannot be used)
  3   wrong or missing passphrase / password
  4   RPC unreachable or failing
  5   not found (contract, account store, conversation, request, group, SQLite driver)
  6   conflict with existing state (already initialized, store newer than the backup, store busy,
      not the group's creator, removed from the group, device no longer authorised, account blocked)
  7   transaction refused or failed (e.g. insufficient funds)
  70  internal error (a bug)`;

/** An error the CLI reports as it is: one line, one exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(exitCodes.usage, message);
export const badInput = (message: string) => new CliError(exitCodes.badInput, message);
export const notFound = (message: string) => new CliError(exitCodes.notFound, message);

/** Maps any error to the line and exit code the CLI prints. */
export function describeError(error: unknown): { exitCode: ExitCode; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  // Hushlog's BaseError (matched by shape, so this module loads without the library: `--help` stays fast).
  const hushlog = error as { code?: unknown; shortMessage?: unknown } | null;
  if (hushlog?.code === "STORE_SQLITE_UNAVAILABLE" && (error as { reason?: unknown }).reason === "missing-driver") {
    // The library's advice is for a project; the command is usually installed globally, where the driver must be too.
    return {
      exitCode: exitCodes.notFound,
      message: "hushlog needs the package better-sqlite3-multiple-ciphers beside it: npm install -g better-sqlite3-multiple-ciphers (or, in a project, npm install better-sqlite3-multiple-ciphers)",
    };
  }
  if (typeof hushlog?.code === "string" && /^[A-Z]+_[A-Z0-9_]+$/.test(hushlog.code) && typeof hushlog.shortMessage === "string") {
    const hint = cliHints[hushlog.code];
    return { exitCode: exitCodeOf(hushlog.code), message: oneLine(hint ? `${hushlog.shortMessage} ${hint}` : hushlog.shortMessage) };
  }
  const viemLike = error as { name?: string; shortMessage?: string; message?: string } | null;
  if (viemLike?.name && /HttpRequestError|TimeoutError|RpcRequestError|WebSocket|SocketClosed/.test(viemLike.name)) {
    return { exitCode: exitCodes.network, message: oneLine(`RPC request failed: ${viemLike.shortMessage ?? viemLike.message}`) };
  }
  if (viemLike?.shortMessage) return { exitCode: exitCodes.network, message: oneLine(viemLike.shortMessage) };
  return { exitCode: exitCodes.internal, message: oneLine(`internal error: ${viemLike?.message ?? String(error)}`) };
}

/** What to type next, for the library errors a CLI user can act on. */
const cliHints: Record<string, string> = {
  CLIENT_DEVICE_NOT_AUTHORIZED:
    "If this device was revoked on purpose, there is nothing to do (`hushlog init` in a new data directory links it again). If you did not publish that binding, `hushlog reauthorize` publishes a newer one for this device and revokes it.",
  CLIENT_ACCOUNT_BLOCKED: "`hushlog unblock <address>` undoes it.",
  HISTORY_REPLAYED: "Export again on the other device: a newer file adds only what is new.",
  HISTORY_TARGET_NOT_LISTED: "`hushlog devices` lists the codes; a device just linked is listed once it has run a command (`hushlog sync` there).",
  HISTORY_WRONG_DEVICE: "Export again with `--to` this device's code (`hushlog whoami` shows it).",
};

function exitCodeOf(code: string): ExitCode {
  switch (code) {
    case "STORE_WRONG_PASSPHRASE":
    case "CRYPTO_DECRYPTION_FAILED":
      return exitCodes.auth;
    case "CHAIN_CONTRACT_NOT_FOUND":
    case "CLIENT_CONVERSATION_NOT_FOUND":
    case "CLIENT_REQUEST_NOT_FOUND":
    case "CLIENT_PENDING_NOT_FOUND":
    case "IDENTITY_CLIENT_CHAIN_MISMATCH":
    case "CHAIN_WRONG_CHAIN":
    case "GROUP_NOT_FOUND":
    case "STORE_SQLITE_UNAVAILABLE":
    case "HISTORY_TARGET_NOT_LISTED":
      return exitCodes.notFound;
    case "STORE_BUSY":
    case "STORE_CONFLICT":
    case "STORE_SCHEMA_TOO_NEW":
    case "CLIENT_REQUEST_HANDLED":
    case "CLIENT_NOT_RETRYABLE":
    case "CLIENT_SESSION_BUSY":
    case "GROUP_NOT_CREATOR":
    case "GROUP_NOT_MEMBER":
    case "GROUP_STATE_CONFLICT":
    case "CLIENT_DEVICE_NOT_AUTHORIZED":
    case "CLIENT_BINDING_NOT_CURRENT":
    case "CLIENT_ACCOUNT_BLOCKED":
    case "CLIENT_CONVERSATION_UNAVAILABLE":
    case "CLIENT_HISTORY_ONLY":
    case "HISTORY_EXPORTER_NOT_LISTED":
    case "HISTORY_REPLAYED":
      return exitCodes.conflict;
    case "GROUP_INVALID_CHANGE":
    case "GROUP_LIMIT":
    case "CONTENT_TARGET_INVALID":
      return exitCodes.badInput;
    case "CHAIN_INSUFFICIENT_FUNDS":
    case "CHAIN_WOULD_REVERT":
    case "CHAIN_GAS_LIMIT_EXCEEDED":
    case "CHAIN_TRANSACTION_REJECTED":
    case "CHAIN_USER_REJECTED":
    case "CHAIN_SUBMISSION_FAILED":
    case "CHAIN_PARTIAL_SUBMISSION":
      return exitCodes.transaction;
  }
  if (code.startsWith("CHAIN_")) return exitCodes.network;
  if (code.startsWith("WIRE_") || code.startsWith("IDENTITY_") || code.startsWith("HISTORY_") || code === "STORE_INVALID_INPUT") return exitCodes.badInput;
  return exitCodes.internal;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
