import { StoreBusyError } from "../../../errors/storeErrors.ts";
import { isBusy } from "./sqliteErrors.ts";

/**
 * Runs `attempt` until it stops failing with SQLITE_BUSY, waiting between tries with exponential backoff, for at
 * most `maxWaitMs` in total. The driver's own busy handler sleeps synchronously (freezing the event loop, and
 * with it a lock holder in this same process), so it is kept short and the real waiting happens here.
 */
export async function retryWhileBusy<T>(attempt: () => T, maxWaitMs: number): Promise<T> {
  const deadline = performance.now() + maxWaitMs;
  let delay = 2;
  for (let attempts = 1; ; attempts++) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new StoreBusyError({ attempts, cause: error });
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
      delay = Math.min(delay * 2, 200);
    }
  }
}
