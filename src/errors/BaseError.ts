/**
 * The root of every Hushlog error, shaped like viem's: a stable machine-readable `code`, a one-line
 * `shortMessage`, optional `details` and `metaMessages`, and the original `cause`.
 *
 * Codes are stable API: match on `error.code` (or `instanceof`), never on message text. Messages and details
 * never contain key material or plaintext; callers pass only public values (addresses, hashes, lengths).
 */
export type BaseErrorParameters = {
  cause?: unknown;
  details?: string;
  metaMessages?: string[];
};

export class BaseError<code extends string = string> extends Error {
  override name = "HushlogError";
  readonly code: code;
  readonly shortMessage: string;
  readonly details: string;
  readonly metaMessages: string[] | undefined;

  constructor(code: code, shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? describeCause(parameters.cause);
    const lines = [shortMessage];
    if (parameters.metaMessages?.length) lines.push("", ...parameters.metaMessages);
    if (details) lines.push("", `Details: ${details}`);
    lines.push(`Code: ${code}`);
    super(lines.join("\n"), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages;
  }

  /** Walks the `cause` chain and returns the first error `fn` accepts (or the deepest one without `fn`). */
  walk(fn?: (error: unknown) => boolean): unknown {
    let error: unknown = this;
    for (;;) {
      if (fn?.(error)) return error;
      const cause = (error as { cause?: unknown } | null)?.cause;
      if (cause === undefined || cause === null) return fn ? null : error;
      error = cause;
    }
  }

  /** Only public fields: a serialized error must never carry more than its message does. */
  toJSON(): { name: string; code: string; shortMessage: string; details: string } {
    return { name: this.name, code: this.code, shortMessage: this.shortMessage, details: this.details };
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof BaseError) return cause.shortMessage;
  if (cause instanceof Error) return (cause as { shortMessage?: string }).shortMessage ?? cause.message;
  return "";
}
