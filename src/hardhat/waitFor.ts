import { AssertionError } from "node:assert";

/**
 * Calls `probe` until it returns something other than undefined, pausing `intervalMs` between tries; throws an
 * AssertionError naming `what` (and `detail()`, if given) after `timeoutMs`. The probe is expected to sync.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs, what, intervalMs = 20, detail }: { timeoutMs: number; what: string; intervalMs?: number; detail?: () => Promise<string> },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() >= deadline) {
      const more = detail ? `\n${await detail()}` : "";
      throw new AssertionError({ message: `timed out after ${timeoutMs} ms waiting for ${what}${more}` });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
