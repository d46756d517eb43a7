/**
 * Whether an error from `client.request` means "the node executed the call and it failed" (a revert, out of
 * gas, an invalid opcode): a real answer, which for signature validation means "not valid". Anything else
 * (HTTP or socket failure, timeout, rate limit, internal node error) means there was no answer.
 *
 * JSON-RPC code 3 is the standard execution-reverted code; nodes that use a generic code (Hardhat, some
 * providers: -32000/-32603) say so in the message, which viem keeps in `details`/`message` along the cause chain.
 */
const executionFailure = /revert|out of gas|invalid opcode|stack (underflow|overflow)|invalid jump/i;

export function isExecutionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { code, details, message, cause } = current as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown };
    if (code === 3) return true;
    if (typeof details === "string" && executionFailure.test(details)) return true;
    if (typeof message === "string" && executionFailure.test(message)) return true;
    current = cause;
  }
  return false;
}
