import { RPC_RETRY_BASE_DELAY_MS, RPC_RETRY_MAX_ATTEMPTS, RPC_RETRY_MAX_DELAY_MS } from "../constants.ts";
import { AbortedError, RpcRetriesExhaustedError } from "../errors/chainErrors.ts";
import { classifyRpcError, type RpcErrorClass } from "./classifyRpcError.ts";

export type RetryOptions = {
  /** Attempts per request, the first included. Default RPC_RETRY_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt. Default RPC_RETRY_BASE_DELAY_MS (tests pass 0 or 1). */
  baseDelayMs?: number;
  /** Backoff ceiling, also the cap on a provider's Retry-After. Default RPC_RETRY_MAX_DELAY_MS. */
  maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter. Default Math.random (jitter needs no cryptographic randomness). */
  random?: () => number;
  /** Called before each wait: for logs and metrics. */
  onRetry?: (info: { method: string; attempt: number; delayMs: number; kind: RpcErrorClass["kind"]; error: unknown }) => void;
};

/**
 * Runs `request`, retrying with exponential backoff and jitter while it fails with a rate limit or a transient
 * error. Any other failure is rethrown untouched on the spot (the caller decides what a range error or a
 * permanent error means); exhausting the attempts throws `RpcRetriesExhaustedError` with the last error as
 * cause. An abort (signal or abort error) throws `AbortedError`, also during a backoff wait.
 *
 * The delay before retry n (1-based) is uniform in [d/2, d) with d = min(max, base * 2^(n-1)): "equal jitter"
 * keeps clients apart without ever retrying at once. A Retry-After header raises the delay (up to max).
 */
export async function withRpcRetry<T>(
  method: string,
  request: () => Promise<T>,
  { retry = {}, signal }: { retry?: RetryOptions | undefined; signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const maxAttempts = Math.max(1, retry.maxAttempts ?? RPC_RETRY_MAX_ATTEMPTS);
  const baseDelayMs = retry.baseDelayMs ?? RPC_RETRY_BASE_DELAY_MS;
  const maxDelayMs = retry.maxDelayMs ?? RPC_RETRY_MAX_DELAY_MS;
  const random = retry.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await request();
    } catch (error) {
      if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
      const classified = classifyRpcError(error);
      if (classified.kind === "aborted") throw new AbortedError({ cause: error });
      if (classified.kind !== "rate-limit" && classified.kind !== "transient") throw error;
      if (attempt >= maxAttempts) throw new RpcRetriesExhaustedError({ method, attempts: attempt, cause: error });
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      let delayMs = ceiling / 2 + random() * (ceiling / 2);
      if (classified.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(maxDelayMs, classified.retryAfterMs));
      delayMs = Math.floor(delayMs);
      retry.onRetry?.({ method, attempt, delayMs, kind: classified.kind, error });
      await sleep(delayMs, signal);
    }
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
}

/** Waits `ms`, or throws `AbortedError` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError({ cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError({ cause: signal!.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
