/**
 * What an error from an `eth_call` means for signature validation:
 * - "reverted": the node executed the call and it reverted (an invalid signature, a failing factory call): a real
 *   answer, "not valid";
 * - "out-of-gas": the node executed it and it ran out of the gas we gave it: no verdict (the check is too
 *   expensive), never "forged";
 * - null: there was no answer at all (HTTP or socket failure, timeout, rate limit, internal node error): retry.
 *
 * JSON-RPC code 3 is the standard execution-reverted code; nodes that use a generic code (Hardhat, some providers:
 * -32000/-32603) say so in the message, which viem keeps in `details`/`message` along the cause chain.
 */
const outOfGas = /out of gas|gas required exceeds|exceeds (the )?gas|intrinsic gas too low/i;
const reverted = /revert|invalid opcode|stack (underflow|overflow)|invalid jump/i;

export function classifyCallFailure(error: unknown): "reverted" | "out-of-gas" | null {
  let sawRevertCode = false;
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { code, details, message, cause } = current as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown };
    for (const text of [details, message]) {
      if (typeof text !== "string") continue;
      if (outOfGas.test(text)) return "out-of-gas";
      if (reverted.test(text)) sawRevertCode = true;
    }
    if (code === 3) sawRevertCode = true;
    current = cause;
  }
  return sawRevertCode ? "reverted" : null;
}
